package network.pot.consensus.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.consensus.ConsensusMessage;
import network.pot.consensus.MessageCodec;
import network.pot.consensus.Vote;
import network.pot.consensus.VoteLog;
import network.pot.consensus.VoteType;
import network.pot.consensus.crypto.Ed25519Keys;
import network.pot.consensus.crypto.Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileVoteLogTest {
  @TempDir Path dir;
  private final Signer signer = Ed25519Keys.fromSeed(new byte[32]);

  private Vote vote(long height, int round) {
    return Vote.sign(
        "c", signer, VoteType.PREVOTE, height, round, Hash.sha256(new byte[] {(byte) round}), 0);
  }

  private static List<byte[]> encoded(List<VoteLog.Entry> entries) {
    return entries.stream().map(e -> MessageCodec.encode(e.message())).toList();
  }

  @Test
  void replaysWhatWasAppendedAfterReopening() throws IOException {
    Path p = dir.resolve("a.wal");
    try (FileVoteLog log = new FileVoteLog(p, true)) {
      log.append(VoteLog.Kind.SIGNED, vote(1, 0));
      log.append(VoteLog.Kind.LOCKED, vote(1, 1));
    }
    try (FileVoteLog log = new FileVoteLog(p, true)) {
      List<VoteLog.Entry> entries = log.replay();
      assertThat(entries)
          .extracting(VoteLog.Entry::kind)
          .containsExactly(VoteLog.Kind.SIGNED, VoteLog.Kind.LOCKED);
      assertThat(encoded(entries).get(1)).isEqualTo(MessageCodec.encode(vote(1, 1)));
    }
  }

  @Test
  void tornLastRecordIsCutOffAndTheLogStaysUsable() throws IOException {
    Path p = dir.resolve("b.wal");
    try (FileVoteLog log = new FileVoteLog(p, true)) {
      log.append(VoteLog.Kind.SIGNED, vote(1, 0));
      log.append(VoteLog.Kind.SIGNED, vote(1, 1));
    }
    byte[] all = Files.readAllBytes(p);
    for (int cut = 1; cut < 40; cut += 7) {
      Files.write(p, Arrays.copyOf(all, all.length - cut));
      try (FileVoteLog log = new FileVoteLog(p, true)) {
        assertThat(log.replay()).hasSize(1);
        log.append(VoteLog.Kind.SIGNED, vote(1, 2));
      }
      try (FileVoteLog log = new FileVoteLog(p, true)) {
        List<ConsensusMessage> ms = log.replay().stream().map(VoteLog.Entry::message).toList();
        assertThat(ms).hasSize(2);
        assertThat(((Vote) ms.get(1)).round()).isEqualTo(2);
      }
    }
  }

  @Test
  void corruptionBeforeTheTailFailsLoudly() throws IOException {
    Path p = dir.resolve("c.wal");
    try (FileVoteLog log = new FileVoteLog(p, true)) {
      log.append(VoteLog.Kind.SIGNED, vote(1, 0));
      log.append(VoteLog.Kind.SIGNED, vote(1, 1));
    }
    byte[] all = Files.readAllBytes(p);
    all[20] ^= 0x40;
    Files.write(p, all);
    try (FileVoteLog log = new FileVoteLog(p, true)) {
      assertThatThrownBy(log::replay)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("corrupt");
    }
  }

  /** The record format is fixed: length, CRC32C, kind, message, exactly these bytes. */
  @Test
  void recordsMatchTheGoldenBytes() throws IOException {
    Path p = dir.resolve("g.wal");
    try (FileVoteLog log = new FileVoteLog(p, true)) {
      log.append(VoteLog.Kind.SIGNED, vote(1, 0));
      log.append(VoteLog.Kind.LOCKED, Vote.sign("c", signer, VoteType.PRECOMMIT, 2, 1, null, 0));
    }
    byte[] all = Files.readAllBytes(p);
    assertThat(all).hasSize(224);
    assertThat(Hash.sha256(all).toHex())
        .isEqualTo("b969a9f697cacb1f850a0e3cea9d25577f106f187aba2a57a850e60ce98b435f");
  }

  @Test
  void truncationLeavesNoTemporaryFiles() throws IOException {
    for (boolean fsync : new boolean[] {true, false}) {
      Path sub = Files.createDirectory(dir.resolve("fsync-" + fsync));
      Path p = sub.resolve("e.wal");
      try (FileVoteLog log = new FileVoteLog(p, fsync)) {
        log.append(VoteLog.Kind.SIGNED, vote(1, 0));
        log.append(VoteLog.Kind.SIGNED, vote(2, 0));
        log.truncateBelow(2);
        assertThat(log.replay()).extracting(e -> e.message().height()).containsExactly(2L);
      }
      try (var files = Files.list(sub)) {
        assertThat(files).containsExactly(p);
      }
    }
  }

  @Test
  void truncationKeepsOnlyCurrentHeights() throws IOException {
    Path p = dir.resolve("d.wal");
    try (FileVoteLog log = new FileVoteLog(p, true)) {
      log.append(VoteLog.Kind.SIGNED, vote(1, 0));
      log.append(VoteLog.Kind.SIGNED, vote(2, 0));
      log.append(VoteLog.Kind.SIGNED, vote(3, 0));
      log.truncateBelow(3);
      log.append(VoteLog.Kind.SIGNED, vote(3, 1));
    }
    try (FileVoteLog log = new FileVoteLog(p, true)) {
      assertThat(log.replay()).extracting(e -> e.message().height()).containsExactly(3L, 3L);
    }
  }
}

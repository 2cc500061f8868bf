package network.pot.consensus.wal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.base.crypto.Hash;
import network.pot.consensus.Vote;
import network.pot.consensus.VoteLog;
import network.pot.consensus.VoteType;
import network.pot.consensus.crypto.Ed25519Keys;
import network.pot.consensus.crypto.Signer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack (or the disk fault): the length field of a record in the middle of the vote log is
 * damaged so that it points past the end of the file. Read as a torn last write, the records after
 * it would be dropped without a word, and the validator would sign again what it had signed before:
 * a double sign. Replay must refuse the log instead.
 */
@Tag("attack")
class VoteLogCorruptionAttackTest {
  @TempDir Path dir;
  private final Signer signer = Ed25519Keys.fromSeed(new byte[32]);

  private Vote vote(long height, int round) {
    return Vote.sign(
        "c", signer, VoteType.PREVOTE, height, round, Hash.sha256(new byte[] {(byte) round}), 0);
  }

  @Test
  void aMiddleRecordWhoseLengthPointsPastTheEndIsCorruptionNotATornTail() throws IOException {
    Path p = dir.resolve("votes.wal");
    try (FileVoteLog log = new FileVoteLog(p, true)) {
      log.append(VoteLog.Kind.SIGNED, vote(1, 0));
      log.append(VoteLog.Kind.SIGNED, vote(1, 1));
      log.append(VoteLog.Kind.SIGNED, vote(1, 2));
    }
    byte[] all = Files.readAllBytes(p);
    int second = all.length / 3; // records are of equal length
    all[second] = 0x7f; // the second record's length: about 2 GiB, far past the end
    Files.write(p, all);
    try (FileVoteLog log = new FileVoteLog(p, true)) {
      assertThatThrownBy(log::replay)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("corrupt");
    }
  }
}

package network.pot.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageCodecTest {
  @TempDir Path dir;

  private List<ConsensusMessage> samples() throws IOException {
    Harness h = new Harness(dir, 1).start();
    Block a = h.block("A");
    List<Vote> precommits =
        List.of(
            h.vote(0, VoteType.PRECOMMIT, 2, a.hash()),
            h.vote(2, VoteType.PRECOMMIT, 2, a.hash()),
            h.vote(3, VoteType.PRECOMMIT, 2, a.hash()));
    CommitCertificate cert = new CommitCertificate(1, 2, a.hash(), precommits);
    Evidence ev =
        Evidence.of(h.vote(2, VoteType.PREVOTE, 0, a.hash()), h.vote(2, VoteType.PREVOTE, 0, null));
    Block b2 = new Block(2, a.hash(), cert, List.of(ev), new byte[] {1, 2, 3});
    List<Vote> polka =
        List.of(h.vote(3, VoteType.PREVOTE, 0, a.hash()), h.vote(0, VoteType.PREVOTE, 0, a.hash()));
    return List.of(
        h.vote(2, VoteType.PREVOTE, 0, null),
        h.vote(3, VoteType.PRECOMMIT, 7, a.hash()),
        h.proposal(0, -1, a, List.of()),
        h.proposal(1, 0, a, polka),
        new SyncRequest(5),
        new SyncResponse(a, cert),
        Proposal.sign(Harness.CHAIN, h.signers.get(1), 0, -1, b2, 1, List.of()));
  }

  @Test
  void everyMessageRoundTripsToTheSameBytes() throws Exception {
    for (ConsensusMessage m : samples()) {
      byte[] bytes = MessageCodec.encode(m);
      ConsensusMessage back = MessageCodec.decode(bytes, 1 << 20);
      assertThat(back).isEqualTo(m);
      assertThat(MessageCodec.encode(back)).isEqualTo(bytes);
    }
  }

  @Test
  void everyTruncationIsMalformed() throws Exception {
    for (ConsensusMessage m : samples()) {
      byte[] bytes = MessageCodec.encode(m);
      for (int len = 0; len < bytes.length; len++) {
        byte[] cut = Arrays.copyOf(bytes, len);
        assertThatThrownBy(() -> MessageCodec.decode(cut, 1 << 20))
            .isInstanceOf(MalformedException.class);
      }
      byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
      assertThatThrownBy(() -> MessageCodec.decode(longer, 1 << 20))
          .isInstanceOf(MalformedException.class);
    }
  }

  @Test
  void randomMutationsNeverThrowAnythingButMalformed() throws Exception {
    long seed = 20261122L;
    SplittableRandom rnd = new SplittableRandom(seed);
    List<ConsensusMessage> samples = samples();
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = MessageCodec.encode(samples.get(rnd.nextInt(samples.size()))).clone();
      int flips = 1 + rnd.nextInt(4);
      for (int f = 0; f < flips; f++) {
        bytes[rnd.nextInt(bytes.length)] = (byte) rnd.nextInt(256);
      }
      try {
        ConsensusMessage m = MessageCodec.decode(bytes, 1 << 20);
        assertThat(MessageCodec.encode(m)).as("seed %d case %d", seed, i).isEqualTo(bytes);
      } catch (MalformedException expected) {
        // rejected as a value at the node boundary
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + " case " + i + " threw " + e, e);
      }
    }
  }

  @Test
  void payloadLimitIsEnforced() throws Exception {
    Harness h = new Harness(dir, 1).start();
    Proposal p = h.proposal(0, -1, h.block("0123456789"), List.of());
    byte[] bytes = MessageCodec.encode(p);
    assertThat(MessageCodec.decode(bytes, 10)).isInstanceOf(Proposal.class);
    assertThatThrownBy(() -> MessageCodec.decode(bytes, 9)).isInstanceOf(MalformedException.class);
  }
}

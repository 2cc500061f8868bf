package network.pot.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import network.pot.base.bytes.Hex;
import network.pot.base.codec.DecodeException;
import network.pot.base.crypto.Hash;
import network.pot.consensus.crypto.Ed25519Keys;
import network.pot.consensus.crypto.Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageCodecTest {
  @TempDir Path dir;

  private List<ConsensusMessage> samples() throws IOException {
    Harness h = new Harness(dir, 1).start();
    ConsensusBlock a = h.block("A");
    List<Vote> precommits =
        List.of(
            h.vote(0, VoteType.PRECOMMIT, 2, a.hash()),
            h.vote(2, VoteType.PRECOMMIT, 2, a.hash()),
            h.vote(3, VoteType.PRECOMMIT, 2, a.hash()));
    CommitCertificate cert = new CommitCertificate(1, 2, a.hash(), precommits);
    Evidence ev =
        Evidence.of(h.vote(2, VoteType.PREVOTE, 0, a.hash()), h.vote(2, VoteType.PREVOTE, 0, null));
    ConsensusBlock b2 = new ConsensusBlock(2, a.hash(), cert, List.of(ev), new byte[] {1, 2, 3});
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
            .isInstanceOf(DecodeException.class);
      }
      byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
      assertThatThrownBy(() -> MessageCodec.decode(longer, 1 << 20))
          .isInstanceOf(DecodeException.class);
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
      } catch (DecodeException expected) {
        // rejected as a value at the node boundary
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + " case " + i + " threw " + e, e);
      }
    }
  }

  /**
   * The wire format is fixed: these messages (keys from fixed seeds, chain "golden") encode to
   * exactly these bytes, whatever the codec's implementation.
   */
  @Test
  void encodingsMatchTheGoldenVectors() {
    String c = "golden";
    List<Signer> s = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      byte[] seed = new byte[32];
      seed[0] = (byte) (i + 1);
      s.add(Ed25519Keys.fromSeed(seed));
    }
    ConsensusBlock b1 =
        new ConsensusBlock(1, Hash.ZERO, null, List.of(), "A".getBytes(StandardCharsets.UTF_8));
    List<Vote> precommits = new ArrayList<>();
    for (int v : new int[] {3, 0, 2}) {
      precommits.add(Vote.sign(c, s.get(v), VoteType.PRECOMMIT, 1, 2, b1.hash(), v));
    }
    CommitCertificate cert = new CommitCertificate(1, 2, b1.hash(), precommits);
    Evidence ev =
        Evidence.of(
            Vote.sign(c, s.get(2), VoteType.PREVOTE, 1, 0, b1.hash(), 2),
            Vote.sign(c, s.get(2), VoteType.PREVOTE, 1, 0, null, 2));
    ConsensusBlock b2 = new ConsensusBlock(2, b1.hash(), cert, List.of(ev), new byte[] {1, 2, 3});
    List<Vote> polka =
        List.of(
            Vote.sign(c, s.get(3), VoteType.PREVOTE, 2, 0, b2.hash(), 3),
            Vote.sign(c, s.get(0), VoteType.PREVOTE, 2, 0, b2.hash(), 0));
    List<ConsensusMessage> messages =
        List.of(
            Vote.sign(c, s.get(2), VoteType.PREVOTE, 7, 3, null, 2),
            Vote.sign(c, s.get(1), VoteType.PRECOMMIT, 7, 3, b2.hash(), 1),
            Proposal.sign(c, s.get(1), 0, -1, b1, 1, List.of()),
            Proposal.sign(c, s.get(1), 1, 0, b2, 1, polka),
            new SyncRequest(5),
            new SyncResponse(b1, cert));
    assertThat(Hex.encode(MessageCodec.encode(messages.get(0))))
        .isEqualTo(
            "02010000000000000007000000030000000002000000405bfbb702731c42e0d569df54d47f22ed44e4"
                + "2d2534153d323f95b0597eb1fb3641322a1421036d36d769217c06d353df5e754bc181c80bdd46"
                + "e1fef3f1ada40d");
    assertThat(Hex.encode(MessageCodec.encode(messages.get(4)))).isEqualTo("030000000000000005");
    byte[][] encodings = messages.stream().map(MessageCodec::encode).toArray(byte[][]::new);
    assertThat(Hash.sha256(encodings).toHex())
        .isEqualTo("8b0699aee313d1d33d5b966c8808ccc9df6a20d39a3cb9ec2babaa36357d300f");
    assertThat(b2.hash().toHex())
        .isEqualTo("956a5b3ace213487217788c71ea7ca2a9be6b4d5836e655e7280685cd9687060");
  }

  @Test
  void aValidRoundBelowMinusOneIsMalformed() throws Exception {
    Harness h = new Harness(dir, 1).start();
    byte[] bytes = MessageCodec.encode(h.proposal(0, -1, h.block("A"), List.of()));
    // tag, u64 height, u32 round, then the u32 valid round at offset 13: -1 is all ones
    assertThat(Arrays.copyOfRange(bytes, 13, 17)).containsOnly((byte) 0xff);
    bytes[16] = (byte) 0xfe;
    byte[] minusTwo = bytes;
    assertThatThrownBy(() -> MessageCodec.decode(minusTwo, 1 << 20))
        .isInstanceOf(DecodeException.class);
  }

  @Test
  void payloadLimitIsEnforced() throws Exception {
    Harness h = new Harness(dir, 1).start();
    Proposal p = h.proposal(0, -1, h.block("0123456789"), List.of());
    byte[] bytes = MessageCodec.encode(p);
    assertThat(MessageCodec.decode(bytes, 10)).isInstanceOf(Proposal.class);
    assertThatThrownBy(() -> MessageCodec.decode(bytes, 9)).isInstanceOf(DecodeException.class);
  }
}

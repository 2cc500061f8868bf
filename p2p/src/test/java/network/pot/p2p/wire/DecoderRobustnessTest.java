package network.pot.p2p.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.SplittableRandom;
import network.pot.base.crypto.Sha256;
import network.pot.p2p.blob.BlobManifest;
import network.pot.p2p.crypto.Handshake;
import network.pot.p2p.crypto.NodeKey;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated bytes fed to the decoders that read peer input: the only failure allowed is
 * the decoder's own rejection, never an exception of another kind. Seeded by {@code
 * -Dpot.test.seed}; the seed is in every assertion message.
 */
class DecoderRobustnessTest {
  private static final long SEED = Long.getLong("pot.test.seed", 6);
  private static final byte[] NET = Sha256.of("n".getBytes(UTF_8));

  @Test
  void messagesRoundTripAndGarbageIsRejectedCleanly() {
    SplittableRandom r = new SplittableRandom(SEED);
    Message[] samples = {
      new Message.Gossip(3, bytes(r, 40)),
      new Message.Direct(0x0101, bytes(r, 8)),
      new Message.Request(7, 0x0202, bytes(r, 36)),
      new Message.Response(7, Message.Status.NOT_FOUND, new byte[0])
    };
    for (Message m : samples) {
      byte[] enc = MessageCodec.encode(m);
      assertThat(MessageCodec.encode(decodes(enc))).as("seed %d", SEED).isEqualTo(enc);
    }
    int rejected = 0;
    for (int i = 0; i < 20_000; i++) {
      try {
        MessageCodec.decode(bytes(r, r.nextInt(0, 64)));
      } catch (MalformedMessageException e) {
        rejected++;
      }
    }
    assertThat(rejected).as("seed %d", SEED).isPositive();
  }

  @Test
  void mutatedHellosAndRandomManifestsAreRejectedAsValues() {
    SplittableRandom r = new SplittableRandom(SEED);
    NodeKey peer = NodeKey.fromSeed(Sha256.of("k".getBytes(UTF_8)));
    NodeKey me = NodeKey.fromSeed(Sha256.of("me".getBytes(UTF_8)));
    byte[] hello =
        new Handshake(peer, NET, Handshake.Role.RESPONDER, 1, Optional.empty(), new SecureRandom())
            .hello();
    int manifestsRejected = 0;
    for (int i = 0; i < 200; i++) {
      byte[] mutated = hello.clone();
      mutated[r.nextInt(mutated.length)] ^= (byte) (1 + r.nextInt(255));
      Handshake h =
          new Handshake(me, NET, Handshake.Role.INITIATOR, 1, Optional.empty(), new SecureRandom());
      h.onHello(mutated); // returns a Step whatever the bytes: must not throw
      try {
        BlobManifest.decode(bytes(r, r.nextInt(0, 200)));
      } catch (MalformedMessageException e) {
        manifestsRejected++;
      }
    }
    assertThat(manifestsRejected).as("seed %d", SEED).isGreaterThan(180);
  }

  private static Message decodes(byte[] enc) {
    try {
      return MessageCodec.decode(enc);
    } catch (MalformedMessageException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(SplittableRandom r, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt();
    }
    return b;
  }
}

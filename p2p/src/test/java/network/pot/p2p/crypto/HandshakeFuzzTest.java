package network.pot.p2p.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import network.pot.base.crypto.Sha256;

/**
 * A responder's handshake fed whatever a connecting stranger sends: the first {@link
 * Handshake#HELLO_BYTES} bytes of the input (or all of it, if shorter) as its hello, the rest as
 * its auth frame. Every step returns a {@link Handshake.Step}, failed or not; nothing is thrown.
 */
class HandshakeFuzzTest {
  static final byte[] NETWORK = Sha256.of("fuzz-net".getBytes(UTF_8));
  static final NodeKey RESPONDER = NodeKey.fromSeed(Sha256.of("responder".getBytes(UTF_8)));

  /** A fixed random source, so that a finding replays with the same ephemeral key. */
  static SecureRandom fixedRandom(String seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed.getBytes(UTF_8));
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest
  void respond(byte[] input) {
    Handshake h =
        new Handshake(
            RESPONDER,
            NETWORK,
            Handshake.Role.RESPONDER,
            4000,
            Optional.empty(),
            fixedRandom("responder"));
    int helloLength = Math.min(input.length, Handshake.HELLO_BYTES);
    Handshake.Step hello = h.onHello(Arrays.copyOf(input, helloLength));
    Handshake.Step auth = h.onAuth(Arrays.copyOfRange(input, helloLength, input.length));
    assertThat(auth.failed() || auth.session().isPresent()).isTrue();
    if (hello.failed()) {
      assertThat(auth.failure()).contains(Handshake.Failure.OUT_OF_ORDER);
    }
  }
}

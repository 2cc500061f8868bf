package network.pot.p2p.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.AEADBadTagException;
import network.pot.base.crypto.Sha256;
import org.junit.jupiter.api.Test;

class SessionCipherTest {
  private final byte[] key = Sha256.of("session".getBytes(UTF_8));

  private static byte[] data(int n) {
    byte[] b = new byte[n];
    new SplittableRandom(n).nextBytes(b);
    return b;
  }

  @Test
  void framesOfEverySizeRoundTripInOrder() throws Exception {
    SessionCipher s = new SessionCipher(key);
    SessionCipher r = new SessionCipher(key);
    for (int n : new int[] {0, 1, 4095, 4096, 4097, 3 * 4096, 100_000}) {
      byte[] sealed = s.seal(data(n));
      assertThat(sealed).hasSize(SessionCipher.sealedLength(n));
      assertThat(r.open(sealed)).isEqualTo(data(n));
    }
  }

  @Test
  void aCutAlteredOrReorderedFrameFails() {
    SessionCipher s = new SessionCipher(key);
    byte[] frame = s.seal(data(3 * 4096));
    // dropping the last segment leaves valid tags on the rest, but they were not sealed as last
    byte[] cut = Arrays.copyOf(frame, 2 * (4096 + 16));
    assertThatThrownBy(() -> new SessionCipher(key).open(cut))
        .isInstanceOf(AEADBadTagException.class);
    byte[] flipped = frame.clone();
    flipped[5000] ^= 1;
    assertThatThrownBy(() -> new SessionCipher(key).open(flipped))
        .isInstanceOf(AEADBadTagException.class);
    byte[] second = s.seal(data(10));
    assertThatThrownBy(() -> new SessionCipher(key).open(second))
        .isInstanceOf(AEADBadTagException.class);
    assertThatThrownBy(() -> new SessionCipher(key).open(new byte[3]))
        .isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void theLargestPlaintextForAFrameFitsIt() {
    for (int max : new int[] {1024, 4112, 4113, 64 * 1024, 4 << 20}) {
      int p = SessionCipher.maxPlainLength(max);
      assertThat(SessionCipher.sealedLength(p)).isLessThanOrEqualTo(max);
      assertThat(SessionCipher.sealedLength(p + 1)).isGreaterThan(max);
    }
  }
}

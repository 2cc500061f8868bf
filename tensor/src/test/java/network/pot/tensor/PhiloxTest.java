package network.pot.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhiloxTest {
  private static int[] block(long key, long hi, long lo) {
    int[] out = new int[4];
    Philox.block(key, hi, lo, out);
    return out;
  }

  @Test
  void matchesPublishedKnownAnswers() {
    // Known-answer vectors of Philox4x32-10 from the Random123 distribution.
    assertThat(block(0, 0, 0)).containsExactly(0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8);
    assertThat(block(-1L, -1L, -1L))
        .containsExactly(0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd);
    long lo = (0x85a308d3L << 32) | 0x243f6a88L;
    long hi = (0x03707344L << 32) | 0x13198a2eL;
    long key = (0x299f31d0L << 32) | 0xa4093822L;
    assertThat(block(key, hi, lo)).containsExactly(0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1);
  }

  @Test
  void rngStreamIsResumableFromItsPosition() {
    Rng a = new Rng(42);
    for (int i = 0; i < 7; i++) {
      a.nextInt();
    }
    Rng b = new Rng(42, a.position());
    for (int i = 0; i < 20; i++) {
      assertThat(b.nextInt()).isEqualTo(a.nextInt());
    }
  }

  @Test
  void uniformAndGaussianHaveSaneMoments() {
    Rng r = new Rng(7);
    double sum = 0;
    double sq = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      double g = r.nextGaussian();
      sum += g;
      sq += g * g;
    }
    assertThat(sum / n).isBetween(-0.02, 0.02);
    assertThat(sq / n).isBetween(0.97, 1.03);
    double u = 0;
    for (int i = 0; i < n; i++) {
      float f = r.nextFloat();
      assertThat(f).isBetween(0f, 1f).isNotEqualTo(1f);
      u += f;
    }
    assertThat(u / n).isBetween(0.49, 0.51);
  }

  @Test
  void derivedKeysDifferByPurposeAndIndex() {
    assertThat(Rng.deriveKey(1, "a", 0)).isNotEqualTo(Rng.deriveKey(1, "b", 0));
    assertThat(Rng.deriveKey(1, "a", 0)).isNotEqualTo(Rng.deriveKey(1, "a", 1));
    assertThat(Rng.deriveKey(1, "a", 0)).isEqualTo(Rng.deriveKey(1, "a", 0));
  }
}

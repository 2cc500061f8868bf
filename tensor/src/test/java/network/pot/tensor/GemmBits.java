package network.pot.tensor;

import static org.assertj.core.api.Assertions.fail;

/** Bit-for-bit comparison of float arrays, naming the case and the first differing element. */
final class GemmBits {
  private GemmBits() {}

  static void assertSameBits(String what, float[] expected, float[] actual) {
    if (expected.length != actual.length) {
      fail("%s: lengths %d and %d", what, expected.length, actual.length);
    }
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        fail(
            "%s: element %d differs: expected %s (0x%08x), got %s (0x%08x)",
            what,
            i,
            expected[i],
            Float.floatToRawIntBits(expected[i]),
            actual[i],
            Float.floatToRawIntBits(actual[i]));
      }
    }
  }
}

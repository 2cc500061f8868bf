package network.pot.tensor;

import java.util.Arrays;

/** Small helpers for per-sample shapes (int arrays, channels last). */
public final class Shapes {
  private Shapes() {}

  /** The number of elements of a shape; throws on overflow or a non-positive dimension. */
  public static int numel(int... shape) {
    long n = 1;
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "dimensions must be positive: " + Arrays.toString(shape));
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape too large: " + Arrays.toString(shape));
      }
    }
    return (int) n;
  }

  public static String format(int... shape) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        sb.append('x');
      }
      sb.append(shape[i]);
    }
    return sb.toString();
  }
}

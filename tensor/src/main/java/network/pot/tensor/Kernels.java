package network.pot.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise and layout kernels shared by the layers. Each writes every output element with one
 * fixed sequence of IEEE operations (plain Java arithmetic, which the JIT never fuses or reorders),
 * so results are the same on every thread count and CPU.
 */
public final class Kernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private Kernels() {}

  /** {@code y[i] = Math.max(x[i], 0f)} for {@code i < n} (NaN stays NaN). */
  public static void relu(Parallel par, float[] x, float[] y, int n) {
    par.forRange(
        n,
        grain(n, par),
        (a, b) -> {
          int i = a;
          FloatVector zero = FloatVector.zero(S);
          for (int upper = a + S.loopBound(b - a); i < upper; i += S.length()) {
            FloatVector.fromArray(S, x, i).max(zero).intoArray(y, i);
          }
          for (; i < b; i++) {
            y[i] = Math.max(x[i], 0f);
          }
        });
  }

  /** {@code dx[i] = x[i] > 0 ? dy[i] : 0} for {@code i < n}. */
  public static void reluBackward(Parallel par, float[] x, float[] dy, float[] dx, int n) {
    par.forRange(
        n,
        grain(n, par),
        (a, b) -> {
          int i = a;
          FloatVector zero = FloatVector.zero(S);
          for (int upper = a + S.loopBound(b - a); i < upper; i += S.length()) {
            VectorMask<Float> pos = FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, dy, i), pos).intoArray(dx, i);
          }
          for (; i < b; i++) {
            dx[i] = x[i] > 0f ? dy[i] : 0f;
          }
        });
  }

  /** {@code out[j] = sum over i ascending of x[i*cols + j]}, starting from 0. */
  public static void columnSums(float[] x, int rows, int cols, float[] out) {
    java.util.Arrays.fill(out, 0, cols, 0f);
    for (int i = 0; i < rows; i++) {
      int base = i * cols;
      for (int j = 0; j < cols; j++) {
        out[j] += x[base + j];
      }
    }
  }

  /** {@code dst[j*rows + i] = src[i*cols + j]}: a rows x cols matrix transposed. */
  public static void transpose(Parallel par, float[] src, int rows, int cols, float[] dst) {
    final int tile = 32;
    int colTiles = (cols + tile - 1) / tile;
    par.forRange(
        colTiles,
        Math.max(1, colTiles / Math.max(1, par.threads() * 4)),
        (t0, t1) -> {
          for (int t = t0; t < t1; t++) {
            int j0 = t * tile;
            int j1 = Math.min(cols, j0 + tile);
            for (int i0 = 0; i0 < rows; i0 += tile) {
              int i1 = Math.min(rows, i0 + tile);
              for (int j = j0; j < j1; j++) {
                int d = j * rows;
                for (int i = i0; i < i1; i++) {
                  dst[d + i] = src[i * cols + j];
                }
              }
            }
          }
        });
  }

  /** Splits {@code [0, n)} elements into ranges worth parallelizing (about 32k each). */
  public static int grain(int n, Parallel par) {
    return Math.max(32_768, (n + par.threads() - 1) / par.threads());
  }
}

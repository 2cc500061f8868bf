package network.pot.tensor;

import java.util.Arrays;

/**
 * Matrix multiply with one fixed order of floating-point operations, the kernel under every layer
 * of the engine.
 *
 * <p>The contract, which every implementation must meet bit for bit:
 *
 * <pre>
 *   for every (m, n):
 *     acc = bias != null ? bias[n] : (accumulate ? C[m][n] : 0f)
 *     for k = 0 .. K-1 (ascending):
 *       acc = Math.fma(A(m, k), B[k][n], acc)
 *     C[m][n] = acc
 * </pre>
 *
 * where {@code A(m, k) = transA ? a[aOff + k*lda + m] : a[aOff + m*lda + k]} and {@code B[k][n] =
 * b[bOff + k*ldb + n]}, {@code C[m][n] = c[cOff + m*ldc + n]}. Because each output element is one
 * chain of fused multiply-adds in ascending k, the result does not depend on the SIMD width
 * (vectors run across n), on the thread count (threads split the outputs, never a sum), or on cache
 * blocking over k (a partial sum stored as float and reloaded is the same float).
 *
 * <p>How it is fast: C is cut into tiles that threads take dynamically ({@link GemmTask}); each
 * tile packs its slices of A and B into contiguous, zero-padded panels and runs an 8-row by
 * 2-vector register-blocked kernel ({@link GemmKernel}) that vectorizes across n. Calls too small
 * to repay a thread hand-off run on the caller. Scratch buffers live per thread, so a call
 * allocates only its task object.
 */
public final class Gemm {
  /** Below this many multiply-adds a call runs on the calling thread alone. */
  static final long PARALLEL_MIN_FMAS = 1L << 17;

  private Gemm() {}

  /**
   * Computes C per the class contract; {@code par} splits the outputs (C's tiles) across threads.
   */
  public static void gemm(
      Parallel par,
      boolean transA,
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      float[] bias,
      boolean accumulate) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException("negative shape " + m + "x" + n + "x" + k);
    }
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      initialize(m, n, c, cOff, ldc, bias, accumulate);
      return;
    }
    long fmas = (long) m * n * k;
    int threads = fmas < PARALLEL_MIN_FMAS ? 1 : par.threads();
    int tileRows = Math.min(roundUp(m, GemmKernel.MR), GemmTask.MAX_TILE_ROWS);
    int tileCols = Math.min(roundUp(n, GemmKernel.NR), GemmTask.MAX_TILE_COLS);
    int target = threads == 1 ? 1 : 2 * threads;
    while (GemmTask.ceilDiv(m, tileRows) * GemmTask.ceilDiv(n, tileCols) < target) {
      boolean canRows = tileRows > GemmKernel.MR;
      boolean canCols = tileCols > GemmKernel.NR;
      if (canCols && (tileCols >= tileRows || !canRows)) {
        tileCols = roundUp(tileCols / 2, GemmKernel.NR);
      } else if (canRows) {
        tileRows = roundUp(tileRows / 2, GemmKernel.MR);
      } else {
        break;
      }
    }
    GemmTask task =
        new GemmTask(
            transA,
            m,
            n,
            k,
            a,
            aOff,
            lda,
            b,
            bOff,
            ldb,
            c,
            cOff,
            ldc,
            bias,
            accumulate,
            tileRows,
            tileCols);
    if (threads == 1) {
      task.run(0, task.tiles());
    } else {
      par.forRange(task.tiles(), 1, task);
    }
  }

  /** The contract with K = 0: C is its initial value. */
  private static void initialize(
      int m, int n, float[] c, int cOff, int ldc, float[] bias, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int row = cOff + i * ldc;
      if (bias != null) {
        System.arraycopy(bias, 0, c, row, n);
      } else if (!accumulate) {
        Arrays.fill(c, row, row + n, 0f);
      }
    }
  }

  private static int roundUp(int x, int multiple) {
    return GemmTask.ceilDiv(x, multiple) * multiple;
  }
}

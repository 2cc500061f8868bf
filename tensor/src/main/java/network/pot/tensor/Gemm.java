package network.pot.tensor;

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
 */
public final class Gemm {
  private Gemm() {}

  /** Computes C per the class contract; {@code par} splits the output rows across threads. */
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
    par.forRange(
        m,
        Math.max(1, 16_384 / Math.max(1, n * Math.max(1, k) / 64)),
        (start, end) -> {
          for (int i = start; i < end; i++) {
            for (int j = 0; j < n; j++) {
              float acc = bias != null ? bias[j] : (accumulate ? c[cOff + i * ldc + j] : 0f);
              for (int p = 0; p < k; p++) {
                float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                acc = Math.fma(av, b[bOff + p * ldb + j], acc);
              }
              c[cOff + i * ldc + j] = acc;
            }
          }
        });
  }
}

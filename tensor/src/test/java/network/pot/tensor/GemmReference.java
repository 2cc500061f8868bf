package network.pot.tensor;

/** The {@link Gemm} contract written as its plain scalar loop: the oracle for the fast kernel. */
final class GemmReference {
  private GemmReference() {}

  static void gemm(
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
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float acc = bias != null ? bias[j] : (accumulate ? c[cOff + i * ldc + j] : 0f);
        for (int p = 0; p < k; p++) {
          float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          acc = Math.fma(av, b[bOff + p * ldb + j], acc);
        }
        c[cOff + i * ldc + j] = acc;
      }
    }
  }
}

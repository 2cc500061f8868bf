package network.pot.tensor;

import java.util.SplittableRandom;

/**
 * One randomized {@link Gemm} problem: shape, layout (offsets, leading dimensions wider than the
 * matrices), initial-value mode and data, all derived from a seed so a failure can be replayed.
 */
record GemmCase(
    long seed,
    boolean transA,
    int m,
    int n,
    int k,
    int aOff,
    int lda,
    int bOff,
    int ldb,
    int cOff,
    int ldc,
    Init init) {

  /** Where each output's fma chain starts. */
  enum Init {
    ZERO,
    ACCUMULATE,
    BIAS
  }

  static GemmCase of(long seed, boolean transA, int m, int n, int k, int pad, Init init) {
    SplittableRandom r = new SplittableRandom(seed);
    int aCols = transA ? m : k;
    return new GemmCase(
        seed,
        transA,
        m,
        n,
        k,
        r.nextInt(pad + 1),
        aCols + r.nextInt(pad + 1),
        r.nextInt(pad + 1),
        n + r.nextInt(pad + 1),
        r.nextInt(pad + 1),
        n + r.nextInt(pad + 1),
        init);
  }

  float[] a() {
    return data(1, aOff + (transA ? k : m) * lda);
  }

  float[] b() {
    return data(2, bOff + k * ldb);
  }

  float[] c() {
    return data(3, cOff + m * ldc);
  }

  float[] bias() {
    return init == Init.BIAS ? data(4, n) : null;
  }

  /** Runs the fast kernel on fresh copies of the data and returns C. */
  float[] runFast(Parallel par) {
    float[] c = c();
    Gemm.gemm(
        par,
        transA,
        m,
        n,
        k,
        a(),
        aOff,
        lda,
        b(),
        bOff,
        ldb,
        c,
        cOff,
        ldc,
        bias(),
        init == Init.ACCUMULATE);
    return c;
  }

  /** Runs the reference loop on fresh copies of the data and returns C. */
  float[] runReference() {
    float[] c = c();
    GemmReference.gemm(
        transA,
        m,
        n,
        k,
        a(),
        aOff,
        lda,
        b(),
        bOff,
        ldb,
        c,
        cOff,
        ldc,
        bias(),
        init == Init.ACCUMULATE);
    return c;
  }

  /**
   * Values spread over many binades with both signs, so that every rounding of every fma shows up
   * in the bits; a stream per array keeps the arrays independent of each other's sizes.
   */
  private float[] data(int stream, int size) {
    SplittableRandom r = new SplittableRandom(seed * 31 + stream);
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      float mantissa = (float) (r.nextDouble() * 2 - 1);
      x[i] = Math.scalb(mantissa, r.nextInt(-6, 7));
    }
    return x;
  }
}

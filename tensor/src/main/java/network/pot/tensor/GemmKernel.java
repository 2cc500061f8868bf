package network.pot.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked inner kernel of {@link Gemm}: one {@link #MR} x {@link #NR} block of C
 * updated by {@code kc} steps of fused multiply-adds over A (read in place) and a packed panel of
 * B.
 *
 * <p>The block lives in 16 vector registers (8 rows x 2 vectors); each step loads two B vectors,
 * broadcasts eight A values and issues 16 lane-wise {@code fma}s. Every lane is one output element
 * and runs the contract's chain {@code acc = fma(A(m,k), B[k][n], acc)} in ascending k, so the
 * result is the same float whatever the vector width: lanes never combine.
 *
 * <p>The species is a {@code static final} constant so that C2 compiles the vector operations to
 * machine instructions. It is {@link FloatVector#SPECIES_PREFERRED} unless the system property
 * {@value #VECTOR_BITS_PROPERTY} names a width (64, 128, 256 or 512 bits); results are identical
 * for every width, which the tests check and which lets one machine show it.
 */
final class GemmKernel {
  /** System property that forces a vector width in bits instead of the preferred one. */
  static final String VECTOR_BITS_PROPERTY = "pot.gemm.vectorBits";

  static final VectorSpecies<Float> SPECIES = species(System.getProperty(VECTOR_BITS_PROPERTY));

  /** Lanes per vector. */
  static final int LANES = SPECIES.length();

  /** Rows of C per block. */
  static final int MR = 8;

  /** Columns of C per block: two vectors. */
  static final int NR = 2 * LANES;

  private GemmKernel() {}

  static VectorSpecies<Float> species(String bits) {
    if (bits == null || bits.isBlank()) {
      return FloatVector.SPECIES_PREFERRED;
    }
    return switch (bits.trim()) {
      case "64" -> FloatVector.SPECIES_64;
      case "128" -> FloatVector.SPECIES_128;
      case "256" -> FloatVector.SPECIES_256;
      case "512" -> FloatVector.SPECIES_512;
      default ->
          throw new IllegalArgumentException(
              VECTOR_BITS_PROPERTY + " must be 64, 128, 256 or 512, got " + bits);
    };
  }

  /**
   * Computes one block: {@code dst[r][j] = src[r][j] + sum over p of A[r][p] * bp[p][j]}, as one
   * fma chain per element in ascending p.
   *
   * @param a A, read in place: row r at step p is {@code a[ao + r*rowStride + p*stepStride]}; rows
   *     at or past {@code rows} repeat the last valid row (their results are never stored)
   * @param bp packed B: for step p, the NR values of the block's columns at {@code bo + p*NR}
   * @param src initial accumulators: row r at {@code so + r*srcRowStride} (stride 0 repeats one
   *     row, e.g. a bias)
   * @param dst where the block is stored: row r at {@code dOff + r*ldd}; may alias {@code src}
   */
  static void block(
      float[] a,
      int ao,
      int rowStride,
      int stepStride,
      int rows,
      float[] bp,
      int bo,
      int kc,
      float[] src,
      int so,
      int srcRowStride,
      float[] dst,
      int dOff,
      int ldd) {
    final VectorSpecies<Float> s = SPECIES;
    final int l = LANES;
    int a0 = ao;
    int a1 = ao + Math.min(1, rows - 1) * rowStride;
    int a2 = ao + Math.min(2, rows - 1) * rowStride;
    int a3 = ao + Math.min(3, rows - 1) * rowStride;
    int a4 = ao + Math.min(4, rows - 1) * rowStride;
    int a5 = ao + Math.min(5, rows - 1) * rowStride;
    int a6 = ao + Math.min(6, rows - 1) * rowStride;
    int a7 = ao + Math.min(7, rows - 1) * rowStride;
    int r1 = so + srcRowStride;
    int r2 = r1 + srcRowStride;
    int r3 = r2 + srcRowStride;
    int r4 = r3 + srcRowStride;
    int r5 = r4 + srcRowStride;
    int r6 = r5 + srcRowStride;
    int r7 = r6 + srcRowStride;
    FloatVector c00 = FloatVector.fromArray(s, src, so);
    FloatVector c01 = FloatVector.fromArray(s, src, so + l);
    FloatVector c10 = FloatVector.fromArray(s, src, r1);
    FloatVector c11 = FloatVector.fromArray(s, src, r1 + l);
    FloatVector c20 = FloatVector.fromArray(s, src, r2);
    FloatVector c21 = FloatVector.fromArray(s, src, r2 + l);
    FloatVector c30 = FloatVector.fromArray(s, src, r3);
    FloatVector c31 = FloatVector.fromArray(s, src, r3 + l);
    FloatVector c40 = FloatVector.fromArray(s, src, r4);
    FloatVector c41 = FloatVector.fromArray(s, src, r4 + l);
    FloatVector c50 = FloatVector.fromArray(s, src, r5);
    FloatVector c51 = FloatVector.fromArray(s, src, r5 + l);
    FloatVector c60 = FloatVector.fromArray(s, src, r6);
    FloatVector c61 = FloatVector.fromArray(s, src, r6 + l);
    FloatVector c70 = FloatVector.fromArray(s, src, r7);
    FloatVector c71 = FloatVector.fromArray(s, src, r7 + l);
    for (int p = 0; p < kc; p++) {
      int bi = bo + p * NR;
      int ai = p * stepStride;
      FloatVector b0 = FloatVector.fromArray(s, bp, bi);
      FloatVector b1 = FloatVector.fromArray(s, bp, bi + l);
      FloatVector x = FloatVector.broadcast(s, a[a0 + ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(s, a[a1 + ai]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(s, a[a2 + ai]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(s, a[a3 + ai]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(s, a[a4 + ai]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(s, a[a5 + ai]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(s, a[a6 + ai]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(s, a[a7 + ai]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
    }
    int d = dOff;
    c00.intoArray(dst, d);
    c01.intoArray(dst, d + l);
    d += ldd;
    c10.intoArray(dst, d);
    c11.intoArray(dst, d + l);
    d += ldd;
    c20.intoArray(dst, d);
    c21.intoArray(dst, d + l);
    d += ldd;
    c30.intoArray(dst, d);
    c31.intoArray(dst, d + l);
    d += ldd;
    c40.intoArray(dst, d);
    c41.intoArray(dst, d + l);
    d += ldd;
    c50.intoArray(dst, d);
    c51.intoArray(dst, d + l);
    d += ldd;
    c60.intoArray(dst, d);
    c61.intoArray(dst, d + l);
    d += ldd;
    c70.intoArray(dst, d);
    c71.intoArray(dst, d + l);
  }
}

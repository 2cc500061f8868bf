package network.pot.tensor;

import static network.pot.tensor.GemmKernel.LANES;
import static network.pot.tensor.GemmKernel.MR;
import static network.pot.tensor.GemmKernel.NR;
import static network.pot.tensor.GemmKernel.SPECIES;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * One {@link Gemm} call cut into tiles of C that threads compute independently.
 *
 * <p>A tile is a block of rows and columns of C. For each slice of k (ascending), the tile packs
 * its part of A into groups of {@link GemmKernel#MR} rows and its part of B into panels of {@link
 * GemmKernel#NR} columns, both contiguous in step order and zero-padded at the edges, then runs
 * {@link GemmKernel#block} over every (panel, group) pair. A B panel of one k slice (KC x NR
 * floats) stays in L1 while the A groups stream past it. Between k slices the partial sums are
 * stored in C as floats and reloaded, which leaves every element's fma chain unchanged.
 *
 * <p>Blocks that stick out of C (the last rows or columns) run on a small buffer and copy their
 * valid part back, so padded lanes compute harmless zeros and are never stored.
 */
final class GemmTask implements Parallel.RangeBody {
  /** Largest k slice; a B panel slice is KC x NR floats. */
  static final int KC = 256;

  /** Largest tile height (rows of C). */
  static final int MAX_TILE_ROWS = 128;

  /** Largest tile width (columns of C). */
  static final int MAX_TILE_COLS = 8 * NR;

  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  /** Per-thread scratch, allocated once per thread and reused by every call. */
  private static final class Workspace {
    final float[] b = new float[KC * MAX_TILE_COLS];
    final float[] edge = new float[MR * NR];
    final float[] edgeBias = new float[NR];
    final float[] zeros = new float[NR];
  }

  private final boolean transA;
  private final int m;
  private final int n;
  private final int k;
  private final float[] a;
  private final int aOff;
  private final int lda;
  private final float[] b;
  private final int bOff;
  private final int ldb;
  private final float[] c;
  private final int cOff;
  private final int ldc;
  private final float[] bias;
  private final boolean accumulate;
  private final int tileRows;
  private final int tileCols;
  private final int tilesAcross;
  private final int kSlice;
  private final int rowStride;
  private final int stepStride;

  GemmTask(
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
      boolean accumulate,
      int tileRows,
      int tileCols) {
    this.transA = transA;
    this.m = m;
    this.n = n;
    this.k = k;
    this.a = a;
    this.aOff = aOff;
    this.lda = lda;
    this.b = b;
    this.bOff = bOff;
    this.ldb = ldb;
    this.c = c;
    this.cOff = cOff;
    this.ldc = ldc;
    this.bias = bias;
    this.accumulate = accumulate;
    this.tileRows = tileRows;
    this.tileCols = tileCols;
    this.tilesAcross = ceilDiv(n, tileCols);
    int slices = ceilDiv(k, KC);
    this.kSlice = ceilDiv(k, slices);
    this.rowStride = transA ? 1 : lda;
    this.stepStride = transA ? lda : 1;
  }

  /** Number of tiles; {@link #run} takes tile indices. */
  int tiles() {
    return ceilDiv(m, tileRows) * tilesAcross;
  }

  @Override
  public void run(int start, int end) {
    Workspace w = WORKSPACE.get();
    for (int t = start; t < end; t++) {
      int i0 = (t / tilesAcross) * tileRows;
      int j0 = (t % tilesAcross) * tileCols;
      tile(w, i0, Math.min(m, i0 + tileRows), j0, Math.min(n, j0 + tileCols));
    }
  }

  private void tile(Workspace w, int i0, int i1, int j0, int j1) {
    int groups = ceilDiv(i1 - i0, MR);
    int panels = ceilDiv(j1 - j0, NR);
    for (int k0 = 0; k0 < k; k0 += kSlice) {
      int kc = Math.min(kSlice, k - k0);
      packB(w.b, j0, j1, k0, kc);
      boolean first = k0 == 0;
      for (int q = 0; q < panels; q++) {
        int j = j0 + q * NR;
        int cols = Math.min(NR, j1 - j);
        for (int g = 0; g < groups; g++) {
          int i = i0 + g * MR;
          int rows = Math.min(MR, i1 - i);
          int ao = aOff + (transA ? k0 * lda + i : i * lda + k0);
          int bo = q * NR * kc;
          if (rows == MR && cols == NR) {
            interiorBlock(w, ao, bo, kc, first, i, j);
          } else {
            edgeBlock(w, ao, bo, kc, first, i, j, rows, cols);
          }
        }
      }
    }
  }

  private void interiorBlock(Workspace w, int ao, int bo, int kc, boolean first, int i, int j) {
    int ci = cOff + i * ldc + j;
    if (first && bias != null) {
      GemmKernel.block(a, ao, rowStride, stepStride, MR, w.b, bo, kc, bias, j, 0, c, ci, ldc);
    } else if (first && !accumulate) {
      GemmKernel.block(a, ao, rowStride, stepStride, MR, w.b, bo, kc, w.zeros, 0, 0, c, ci, ldc);
    } else {
      GemmKernel.block(a, ao, rowStride, stepStride, MR, w.b, bo, kc, c, ci, ldc, c, ci, ldc);
    }
  }

  private void edgeBlock(
      Workspace w, int ao, int bo, int kc, boolean first, int i, int j, int rows, int cols) {
    float[] e = w.edge;
    if (first && bias != null) {
      Arrays.fill(w.edgeBias, 0f);
      System.arraycopy(bias, j, w.edgeBias, 0, cols);
      GemmKernel.block(a, ao, rowStride, stepStride, rows, w.b, bo, kc, w.edgeBias, 0, 0, e, 0, NR);
    } else if (first && !accumulate) {
      GemmKernel.block(a, ao, rowStride, stepStride, rows, w.b, bo, kc, w.zeros, 0, 0, e, 0, NR);
    } else {
      Arrays.fill(e, 0f);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(c, cOff + (i + r) * ldc + j, e, r * NR, cols);
      }
      GemmKernel.block(a, ao, rowStride, stepStride, rows, w.b, bo, kc, e, 0, NR, e, 0, NR);
    }
    for (int r = 0; r < rows; r++) {
      System.arraycopy(e, r * NR, c, cOff + (i + r) * ldc + j, cols);
    }
  }

  /** Packs B steps [k0, k0+kc), columns [j0, j1) into panels of NR columns, zero-padded. */
  private void packB(float[] dst, int j0, int j1, int k0, int kc) {
    int panels = ceilDiv(j1 - j0, NR);
    for (int q = 0; q < panels; q++) {
      int base = q * NR * kc;
      int j = j0 + q * NR;
      int cols = Math.min(NR, j1 - j);
      int src = bOff + k0 * ldb + j;
      if (cols == NR) {
        for (int p = 0; p < kc; p++) {
          int d = base + p * NR;
          int sp = src + p * ldb;
          FloatVector.fromArray(SPECIES, b, sp).intoArray(dst, d);
          FloatVector.fromArray(SPECIES, b, sp + LANES).intoArray(dst, d + LANES);
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int d = base + p * NR;
          System.arraycopy(b, src + p * ldb, dst, d, cols);
          Arrays.fill(dst, d + cols, d + NR, 0f);
        }
      }
    }
  }

  static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }
}

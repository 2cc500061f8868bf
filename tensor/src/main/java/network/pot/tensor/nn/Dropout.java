package network.pot.tensor.nn;

import network.pot.tensor.ExecContext;
import network.pot.tensor.Kernels;
import network.pot.tensor.Layer;
import network.pot.tensor.Philox;

/**
 * Inverted dropout. Element {@code i} of the batch at global step {@code s} is kept when word
 * {@code i % 4} of the Philox block at counter {@code (s, i / 4)} under this layer's key, as a
 * 24-bit uniform, is at least {@code p}; kept elements are scaled by {@code 1 / (1 - p)}. The mask
 * is thus a pure function of (key, step, index): the same for any thread count, and reproducible on
 * resume. Identity at evaluation.
 */
public final class Dropout extends Layer {
  private final float p;
  private final float scale;
  private long key;
  private float[] y;
  private float[] mask;
  private float[] dx;
  private boolean active;

  public Dropout(float p) {
    if (!(p >= 0f && p < 1f)) {
      throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
    }
    this.p = p;
    this.scale = 1f / (1f - p);
  }

  /** Sets the key that, with the step, determines every mask. */
  public void setKey(long key) {
    this.key = key;
  }

  @Override
  protected int[] computeOutputShape(int[] in) {
    return in.clone();
  }

  @Override
  public float[] forward(float[] x, int batch, ExecContext ctx) {
    active = ctx.training() && p > 0f;
    if (!active) {
      return x;
    }
    int n = batch * inSize();
    y = ensure(y, n);
    mask = ensure(mask, n);
    final float[] out = y;
    final float[] m = mask;
    final long step = ctx.step();
    int blocks = (n + 3) / 4;
    ctx.parallel()
        .forRange(
            blocks,
            Kernels.grain(blocks, ctx.parallel()) / 4,
            (b0, b1) -> {
              int[] words = new int[4];
              for (int blk = b0; blk < b1; blk++) {
                Philox.block(key, step, blk, words);
                for (int j = 0; j < 4; j++) {
                  int i = blk * 4 + j;
                  if (i >= n) {
                    break;
                  }
                  float u = (words[j] >>> 8) * 0x1.0p-24f;
                  float keep = u >= p ? scale : 0f;
                  m[i] = keep;
                  out[i] = x[i] * keep;
                }
              }
            });
    return y;
  }

  @Override
  public float[] backward(float[] dy, int batch, boolean needInputGrad, ExecContext ctx) {
    if (!needInputGrad) {
      return null;
    }
    if (!active) {
      return dy;
    }
    int n = batch * inSize();
    dx = ensure(dx, n);
    for (int i = 0; i < n; i++) {
      dx[i] = dy[i] * mask[i];
    }
    return dx;
  }
}

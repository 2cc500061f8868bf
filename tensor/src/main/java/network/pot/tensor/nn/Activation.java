package network.pot.tensor.nn;

import network.pot.tensor.ExecContext;
import network.pot.tensor.Kernels;
import network.pot.tensor.Layer;

/**
 * Element-wise activations: ReLU ({@code max(x, 0)}, vectorized: each lane is one element, so any
 * width gives the same bits) and tanh (through {@link StrictMath} for exactness).
 */
public final class Activation extends Layer {
  /** Which function. */
  public enum Kind {
    RELU,
    TANH
  }

  private final Kind kind;
  private float[] x;
  private float[] y;
  private float[] dx;

  public Activation(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  protected int[] computeOutputShape(int[] in) {
    return in.clone();
  }

  @Override
  public float[] forward(float[] x, int batch, ExecContext ctx) {
    this.x = x;
    int n = batch * inSize();
    y = ensure(y, n);
    final float[] out = y;
    if (kind == Kind.RELU) {
      Kernels.relu(ctx.parallel(), x, out, n);
      return y;
    }
    ctx.parallel()
        .forRange(
            n,
            Kernels.grain(n, ctx.parallel()),
            (i0, i1) -> {
              for (int i = i0; i < i1; i++) {
                out[i] = (float) StrictMath.tanh(x[i]);
              }
            });
    return y;
  }

  @Override
  public float[] backward(float[] dy, int batch, boolean needInputGrad, ExecContext ctx) {
    if (!needInputGrad) {
      return null;
    }
    int n = batch * inSize();
    dx = ensure(dx, n);
    final float[] g = dx;
    final float[] in = x;
    final float[] out = y;
    if (kind == Kind.RELU) {
      Kernels.reluBackward(ctx.parallel(), in, dy, g, n);
      return dx;
    }
    ctx.parallel()
        .forRange(
            n,
            Kernels.grain(n, ctx.parallel()),
            (i0, i1) -> {
              for (int i = i0; i < i1; i++) {
                float t = out[i];
                g[i] = dy[i] * (1f - t * t);
              }
            });
    return dx;
  }
}

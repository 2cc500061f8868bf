package network.pot.tensor.nn;

import network.pot.tensor.ExecContext;
import network.pot.tensor.Kernels;
import network.pot.tensor.Layer;

/** Element-wise activations: ReLU and tanh (tanh through {@link StrictMath} for exactness). */
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
    ctx.parallel()
        .forRange(
            n,
            Kernels.grain(n, ctx.parallel()),
            (i0, i1) -> {
              if (kind == Kind.RELU) {
                for (int i = i0; i < i1; i++) {
                  float v = x[i];
                  out[i] = v > 0f ? v : 0f;
                }
              } else {
                for (int i = i0; i < i1; i++) {
                  out[i] = (float) StrictMath.tanh(x[i]);
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
    int n = batch * inSize();
    dx = ensure(dx, n);
    final float[] g = dx;
    final float[] in = x;
    final float[] out = y;
    ctx.parallel()
        .forRange(
            n,
            Kernels.grain(n, ctx.parallel()),
            (i0, i1) -> {
              if (kind == Kind.RELU) {
                for (int i = i0; i < i1; i++) {
                  g[i] = in[i] > 0f ? dy[i] : 0f;
                }
              } else {
                for (int i = i0; i < i1; i++) {
                  float t = out[i];
                  g[i] = dy[i] * (1f - t * t);
                }
              }
            });
    return dx;
  }
}

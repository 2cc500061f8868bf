package network.pot.tensor.nn;

import network.pot.tensor.ExecContext;
import network.pot.tensor.Kernels;
import network.pot.tensor.Layer;

/**
 * Fixed input standardization {@code y = (x - mean) / std}, part of the model spec so that a model
 * hash names the whole function from raw features to logits. No parameters.
 */
public final class Normalize extends Layer {
  private final float mean;
  private final float std;
  private float[] y;
  private float[] dx;

  public Normalize(float mean, float std) {
    if (!Float.isFinite(mean) || !(std > 0f) || !Float.isFinite(std)) {
      throw new IllegalArgumentException("normalize: mean must be finite and std positive");
    }
    this.mean = mean;
    this.std = std;
  }

  public float mean() {
    return mean;
  }

  public float std() {
    return std;
  }

  @Override
  protected int[] computeOutputShape(int[] in) {
    return in.clone();
  }

  @Override
  public float[] forward(float[] x, int batch, ExecContext ctx) {
    int n = batch * inSize();
    y = ensure(y, n);
    final float[] out = y;
    ctx.parallel()
        .forRange(
            n,
            Kernels.grain(n, ctx.parallel()),
            (a, b) -> {
              for (int i = a; i < b; i++) {
                out[i] = (x[i] - mean) / std;
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
    for (int i = 0; i < n; i++) {
      dx[i] = dy[i] / std;
    }
    return dx;
  }
}

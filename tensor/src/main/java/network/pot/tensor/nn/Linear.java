package network.pot.tensor.nn;

import java.util.List;
import network.pot.tensor.ExecContext;
import network.pot.tensor.Gemm;
import network.pot.tensor.Kernels;
import network.pot.tensor.Layer;
import network.pot.tensor.Param;
import network.pot.tensor.Rng;
import network.pot.tensor.Shapes;

/**
 * A fully connected layer {@code y = x W + b}. The weight is stored in-major, {@code W[in][out]},
 * so the forward pass and the weight gradient are both axpy-form GEMMs; the input gradient uses a
 * transposed copy of W. The input is flattened per sample.
 */
public final class Linear extends Layer {
  private final int out;
  private final Init init;
  private Param weight;
  private Param bias;
  private float[] x;
  private float[] y;
  private float[] dx;
  private float[] wt;

  public Linear(int out, Init init) {
    if (out <= 0) {
      throw new IllegalArgumentException("linear: out must be positive, got " + out);
    }
    this.out = out;
    this.init = init;
  }

  @Override
  protected int[] computeOutputShape(int[] in) {
    long weights = (long) Shapes.numel(in) * out;
    if (weights > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "linear: a weight of " + Shapes.numel(in) + " x " + out + " is too large");
    }
    return new int[] {out};
  }

  @Override
  protected List<Param> createParams() {
    weight = new Param("weight", inSize(), out);
    bias = new Param("bias", out);
    return List.of(weight, bias);
  }

  @Override
  public long parameterCount() {
    return (long) inSize() * out + out;
  }

  @Override
  public void initialize(Rng rng) {
    params();
    init.fill(rng, weight.value(), inSize(), out);
    java.util.Arrays.fill(bias.value(), 0f);
  }

  @Override
  public float[] forward(float[] x, int batch, ExecContext ctx) {
    params();
    this.x = x;
    int in = inSize();
    y = ensure(y, batch * out);
    Gemm.gemm(
        ctx.parallel(),
        false,
        batch,
        out,
        in,
        x,
        0,
        in,
        weight.value(),
        0,
        out,
        y,
        0,
        out,
        bias.value(),
        false);
    return y;
  }

  @Override
  public float[] backward(float[] dy, int batch, boolean needInputGrad, ExecContext ctx) {
    int in = inSize();
    Gemm.gemm(
        ctx.parallel(),
        true,
        in,
        out,
        batch,
        x,
        0,
        in,
        dy,
        0,
        out,
        weight.grad(),
        0,
        out,
        null,
        false);
    Kernels.columnSums(dy, batch, out, bias.grad());
    if (!needInputGrad) {
      return null;
    }
    wt = ensure(wt, in * out);
    Kernels.transpose(ctx.parallel(), weight.value(), in, out, wt);
    dx = ensure(dx, batch * in);
    Gemm.gemm(ctx.parallel(), false, batch, in, out, dy, 0, out, wt, 0, in, dx, 0, in, null, false);
    return dx;
  }
}

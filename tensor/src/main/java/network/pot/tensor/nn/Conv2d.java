package network.pot.tensor.nn;

import java.util.Arrays;
import java.util.List;
import network.pot.tensor.ExecContext;
import network.pot.tensor.Gemm;
import network.pot.tensor.Kernels;
import network.pot.tensor.Layer;
import network.pot.tensor.Param;
import network.pot.tensor.Rng;

/**
 * A 2-D convolution over channels-last input {@code [H, W, C]} producing {@code [OH, OW, OC]},
 * computed as im2col + GEMM.
 *
 * <p>The weight is stored as {@code W[(kh*K + kw)*C + c][oc]}. Rows of the column matrix are output
 * pixels of every image in the batch ({@code M = batch * OH * OW}), so the forward pass, the weight
 * gradient and the column gradient are each one GEMM. The input gradient scatters the column
 * gradient back (col2im) image by image in a fixed order.
 */
public final class Conv2d extends Layer {
  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final Init init;
  private int h;
  private int w;
  private int c;
  private int oh;
  private int ow;
  private Param weight;
  private Param bias;
  private float[] col;
  private float[] y;
  private float[] dcol;
  private float[] dx;
  private float[] wt;

  public Conv2d(int outChannels, int kernel, int stride, int padding, Init init) {
    if (outChannels <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
      throw new IllegalArgumentException(
          "conv2d: out, kernel and stride must be positive and padding non-negative");
    }
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.init = init;
  }

  public int outChannels() {
    return outChannels;
  }

  public int kernel() {
    return kernel;
  }

  public int stride() {
    return stride;
  }

  public int padding() {
    return padding;
  }

  @Override
  protected int[] computeOutputShape(int[] in) {
    if (in.length != 3) {
      throw new IllegalArgumentException(
          "conv2d needs a [height, width, channels] input, got " + Arrays.toString(in));
    }
    h = in[0];
    w = in[1];
    c = in[2];
    oh = (h + 2 * padding - kernel) / stride + 1;
    ow = (w + 2 * padding - kernel) / stride + 1;
    if (h + 2 * padding < kernel || w + 2 * padding < kernel) {
      throw new IllegalArgumentException(
          "conv2d: kernel " + kernel + " larger than padded input " + Arrays.toString(in));
    }
    if ((long) kernel * kernel * c * outChannels > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "conv2d: a weight of "
              + kernel
              + "x"
              + kernel
              + "x"
              + c
              + " x "
              + outChannels
              + " is too large");
    }
    return new int[] {oh, ow, outChannels};
  }

  @Override
  protected List<Param> createParams() {
    weight = new Param("weight", patch(), outChannels);
    bias = new Param("bias", outChannels);
    return List.of(weight, bias);
  }

  @Override
  public long parameterCount() {
    return (long) patch() * outChannels + outChannels;
  }

  @Override
  public void initialize(Rng rng) {
    params();
    int fanIn = kernel * kernel * c;
    init.fill(rng, weight.value(), fanIn, kernel * kernel * outChannels);
    Arrays.fill(bias.value(), 0f);
  }

  private int patch() {
    return kernel * kernel * c;
  }

  @Override
  public float[] forward(float[] x, int batch, ExecContext ctx) {
    params();
    int rows = batch * oh * ow;
    int kkc = patch();
    col = ensure(col, rows * kkc);
    im2col(x, batch, ctx);
    y = ensure(y, rows * outChannels);
    Gemm.gemm(
        ctx.parallel(),
        false,
        rows,
        outChannels,
        kkc,
        col,
        0,
        kkc,
        weight.value(),
        0,
        outChannels,
        y,
        0,
        outChannels,
        bias.value(),
        false);
    return y;
  }

  private void im2col(float[] x, int batch, ExecContext ctx) {
    final int pixels = oh * ow;
    final int kkc = patch();
    final float[] cl = col;
    ctx.parallel()
        .forRange(
            batch * pixels,
            Math.max(64, 8192 / kkc),
            (r0, r1) -> {
              for (int r = r0; r < r1; r++) {
                int b = r / pixels;
                int p = r % pixels;
                int oy = p / ow;
                int ox = p % ow;
                int dst = r * kkc;
                int imgBase = b * h * w * c;
                int ix0 = ox * stride - padding;
                boolean rowInside = ix0 >= 0 && ix0 + kernel <= w;
                for (int kh = 0; kh < kernel; kh++) {
                  int iy = oy * stride - padding + kh;
                  if (rowInside && iy >= 0 && iy < h) {
                    // the kernel's row is one contiguous run of kernel * c input values
                    System.arraycopy(x, imgBase + (iy * w + ix0) * c, cl, dst, kernel * c);
                    dst += kernel * c;
                    continue;
                  }
                  for (int kw = 0; kw < kernel; kw++) {
                    int ix = ix0 + kw;
                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                      Arrays.fill(cl, dst, dst + c, 0f);
                    } else {
                      System.arraycopy(x, imgBase + (iy * w + ix) * c, cl, dst, c);
                    }
                    dst += c;
                  }
                }
              }
            });
  }

  @Override
  public float[] backward(float[] dy, int batch, boolean needInputGrad, ExecContext ctx) {
    int rows = batch * oh * ow;
    int kkc = patch();
    Gemm.gemm(
        ctx.parallel(),
        true,
        kkc,
        outChannels,
        rows,
        col,
        0,
        kkc,
        dy,
        0,
        outChannels,
        weight.grad(),
        0,
        outChannels,
        null,
        false);
    Kernels.columnSums(dy, rows, outChannels, bias.grad());
    if (!needInputGrad) {
      return null;
    }
    wt = ensure(wt, kkc * outChannels);
    Kernels.transpose(ctx.parallel(), weight.value(), kkc, outChannels, wt);
    dcol = ensure(dcol, rows * kkc);
    Gemm.gemm(
        ctx.parallel(),
        false,
        rows,
        kkc,
        outChannels,
        dy,
        0,
        outChannels,
        wt,
        0,
        kkc,
        dcol,
        0,
        kkc,
        null,
        false);
    dx = ensure(dx, batch * h * w * c);
    col2im(batch, ctx);
    return dx;
  }

  private void col2im(int batch, ExecContext ctx) {
    final int pixels = oh * ow;
    final int kkc = patch();
    final int imgSize = h * w * c;
    final float[] g = dx;
    final float[] dc = dcol;
    ctx.parallel()
        .forRange(
            batch,
            1,
            (b0, b1) -> {
              for (int b = b0; b < b1; b++) {
                int imgBase = b * imgSize;
                Arrays.fill(g, imgBase, imgBase + imgSize, 0f);
                for (int p = 0; p < pixels; p++) {
                  int oy = p / ow;
                  int ox = p % ow;
                  int src = (b * pixels + p) * kkc;
                  for (int kh = 0; kh < kernel; kh++) {
                    int iy = oy * stride - padding + kh;
                    for (int kw = 0; kw < kernel; kw++) {
                      int ix = ox * stride - padding + kw;
                      if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                        int d = imgBase + (iy * w + ix) * c;
                        for (int ch = 0; ch < c; ch++) {
                          g[d + ch] += dc[src + ch];
                        }
                      }
                      src += c;
                    }
                  }
                }
              }
            });
  }
}

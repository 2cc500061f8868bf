package network.pot.tensor.nn;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import network.pot.tensor.ExecContext;
import network.pot.tensor.Layer;

/**
 * Max pooling over channels-last input, without padding. The first maximum in window scan order
 * wins ties (a later element replaces the best only when strictly greater); backward routes each
 * output gradient to that element. Channels are vectorized, a lane per channel, with the same
 * comparisons as the scalar tail.
 */
public final class MaxPool2d extends Layer {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private final int kernel;
  private final int stride;
  private int h;
  private int w;
  private int c;
  private int oh;
  private int ow;
  private float[] x;
  private float[] y;
  private float[] dx;

  public MaxPool2d(int kernel, int stride) {
    if (kernel <= 0 || stride <= 0) {
      throw new IllegalArgumentException("maxpool2d: kernel and stride must be positive");
    }
    this.kernel = kernel;
    this.stride = stride;
  }

  public int kernel() {
    return kernel;
  }

  public int stride() {
    return stride;
  }

  @Override
  protected int[] computeOutputShape(int[] in) {
    if (in.length != 3) {
      throw new IllegalArgumentException(
          "maxpool2d needs a [height, width, channels] input, got " + Arrays.toString(in));
    }
    h = in[0];
    w = in[1];
    c = in[2];
    if (h < kernel || w < kernel) {
      throw new IllegalArgumentException("maxpool2d: kernel larger than input");
    }
    oh = (h - kernel) / stride + 1;
    ow = (w - kernel) / stride + 1;
    return new int[] {oh, ow, c};
  }

  @Override
  public float[] forward(float[] x, int batch, ExecContext ctx) {
    this.x = x;
    int outSize = oh * ow * c;
    y = ensure(y, batch * outSize);
    final float[] out = y;
    ctx.parallel()
        .forRange(
            batch,
            1,
            (b0, b1) -> {
              for (int b = b0; b < b1; b++) {
                int o = b * outSize;
                for (int oy = 0; oy < oh; oy++) {
                  for (int ox = 0; ox < ow; ox++) {
                    int first = window(b, oy, ox);
                    int ch = 0;
                    for (int end = S.loopBound(c); ch < end; ch += S.length()) {
                      FloatVector bv = FloatVector.fromArray(S, x, first + ch);
                      for (int kh = 0; kh < kernel; kh++) {
                        for (int kw = 0; kw < kernel; kw++) {
                          FloatVector v =
                              FloatVector.fromArray(S, x, first + (kh * w + kw) * c + ch);
                          bv = bv.blend(v, v.compare(VectorOperators.GT, bv));
                        }
                      }
                      bv.intoArray(out, o + ch);
                    }
                    for (; ch < c; ch++) {
                      float bv = x[first + ch];
                      for (int kh = 0; kh < kernel; kh++) {
                        for (int kw = 0; kw < kernel; kw++) {
                          float v = x[first + (kh * w + kw) * c + ch];
                          if (v > bv) {
                            bv = v;
                          }
                        }
                      }
                      out[o + ch] = bv;
                    }
                    o += c;
                  }
                }
              }
            });
    return y;
  }

  /** Index of the first input element (channel 0) of output pixel (oy, ox) of image b. */
  private int window(int b, int oy, int ox) {
    return ((b * h + oy * stride) * w + ox * stride) * c;
  }

  /**
   * Routes each output gradient to the first window element (scan order) equal to the window's
   * maximum, or to the first element when the maximum is NaN: exactly the element a
   * strictly-greater scan keeps. Outputs are visited in ascending order, so overlapping windows add
   * in one order.
   */
  @Override
  public float[] backward(float[] dy, int batch, boolean needInputGrad, ExecContext ctx) {
    if (!needInputGrad) {
      return null;
    }
    int inSize = h * w * c;
    int outSize = oh * ow * c;
    dx = ensure(dx, batch * inSize);
    final float[] g = dx;
    final float[] in = x;
    final float[] out = y;
    ctx.parallel()
        .forRange(
            batch,
            1,
            (b0, b1) -> {
              for (int b = b0; b < b1; b++) {
                Arrays.fill(g, b * inSize, (b + 1) * inSize, 0f);
                int o = b * outSize;
                for (int oy = 0; oy < oh; oy++) {
                  for (int ox = 0; ox < ow; ox++) {
                    int first = window(b, oy, ox);
                    int ch = 0;
                    for (int end = S.loopBound(c); ch < end; ch += S.length()) {
                      FloatVector max = FloatVector.fromArray(S, out, o + ch);
                      FloatVector grad = FloatVector.fromArray(S, dy, o + ch);
                      VectorMask<Float> done = max.test(VectorOperators.IS_NAN);
                      FloatVector.fromArray(S, g, first + ch)
                          .add(grad, done)
                          .intoArray(g, first + ch);
                      for (int kh = 0; kh < kernel; kh++) {
                        for (int kw = 0; kw < kernel; kw++) {
                          int idx = first + (kh * w + kw) * c + ch;
                          VectorMask<Float> hit =
                              FloatVector.fromArray(S, in, idx)
                                  .compare(VectorOperators.EQ, max)
                                  .andNot(done);
                          FloatVector.fromArray(S, g, idx).add(grad, hit).intoArray(g, idx);
                          done = done.or(hit);
                        }
                      }
                    }
                    for (; ch < c; ch++) {
                      int best = first + ch;
                      float bv = in[best];
                      for (int kh = 0; kh < kernel; kh++) {
                        for (int kw = 0; kw < kernel; kw++) {
                          int idx = first + (kh * w + kw) * c + ch;
                          if (in[idx] > bv) {
                            bv = in[idx];
                            best = idx;
                          }
                        }
                      }
                      g[best] += dy[o + ch];
                    }
                    o += c;
                  }
                }
              }
            });
    return dx;
  }
}

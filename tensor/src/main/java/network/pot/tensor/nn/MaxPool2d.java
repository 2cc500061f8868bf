package network.pot.tensor.nn;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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
  private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
  private static final IntVector LANE = IntVector.zero(IS).addIndex(1);
  private final int kernel;
  private final int stride;
  private int h;
  private int w;
  private int c;
  private int oh;
  private int ow;
  private float[] y;
  private int[] argmax;
  private float[] dx;

  public MaxPool2d(int kernel, int stride) {
    if (kernel <= 0 || stride <= 0) {
      throw new IllegalArgumentException("maxpool2d: kernel and stride must be positive");
    }
    this.kernel = kernel;
    this.stride = stride;
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
    int outSize = oh * ow * c;
    y = ensure(y, batch * outSize);
    if (argmax == null || argmax.length < batch * outSize) {
      argmax = new int[batch * outSize];
    }
    final float[] out = y;
    final int[] arg = argmax;
    ctx.parallel()
        .forRange(
            batch,
            1,
            (b0, b1) -> {
              for (int b = b0; b < b1; b++) {
                int inBase = b * h * w * c;
                int o = b * outSize;
                for (int oy = 0; oy < oh; oy++) {
                  for (int ox = 0; ox < ow; ox++) {
                    int vecEnd = S.loopBound(c);
                    for (int ch = 0; ch < vecEnd; ch += S.length()) {
                      int first = inBase + ((oy * stride) * w + ox * stride) * c + ch;
                      FloatVector bv = FloatVector.fromArray(S, x, first);
                      IntVector bi = IntVector.broadcast(IS, first).add(LANE);
                      for (int kh = 0; kh < kernel; kh++) {
                        int rowBase = inBase + ((oy * stride + kh) * w + ox * stride) * c + ch;
                        for (int kw = 0; kw < kernel; kw++) {
                          int idx = rowBase + kw * c;
                          FloatVector v = FloatVector.fromArray(S, x, idx);
                          VectorMask<Float> gt = v.compare(VectorOperators.GT, bv);
                          bv = bv.blend(v, gt);
                          bi = bi.blend(IntVector.broadcast(IS, idx).add(LANE), gt.cast(IS));
                        }
                      }
                      bv.intoArray(out, o);
                      bi.intoArray(arg, o);
                      o += S.length();
                    }
                    for (int ch = vecEnd; ch < c; ch++) {
                      int best = inBase + ((oy * stride) * w + ox * stride) * c + ch;
                      float bv = x[best];
                      for (int kh = 0; kh < kernel; kh++) {
                        int rowBase = inBase + ((oy * stride + kh) * w + ox * stride) * c + ch;
                        for (int kw = 0; kw < kernel; kw++) {
                          int idx = rowBase + kw * c;
                          float v = x[idx];
                          if (v > bv) {
                            bv = v;
                            best = idx;
                          }
                        }
                      }
                      out[o] = bv;
                      arg[o] = best;
                      o++;
                    }
                  }
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
    int inSize = h * w * c;
    int outSize = oh * ow * c;
    dx = ensure(dx, batch * inSize);
    final float[] g = dx;
    final int[] arg = argmax;
    ctx.parallel()
        .forRange(
            batch,
            1,
            (b0, b1) -> {
              for (int b = b0; b < b1; b++) {
                Arrays.fill(g, b * inSize, (b + 1) * inSize, 0f);
                for (int o = b * outSize; o < (b + 1) * outSize; o++) {
                  g[arg[o]] += dy[o];
                }
              }
            });
    return dx;
  }
}

package network.pot.tensor.nn;

import static org.assertj.core.api.Assertions.assertThat;

import network.pot.tensor.ExecContext;
import network.pot.tensor.Parallel;
import network.pot.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The vectorized channel path against a direct scalar definition, ties included. */
class MaxPoolTest {
  @Test
  void matchesScalarDefinitionWithTiesOnWideChannels() {
    int h = 6;
    int w = 6;
    int c = 37; // vector lanes plus a scalar tail on any width
    int batch = 3;
    Rng rng = new Rng(11);
    float[] x = new float[batch * h * w * c];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextInt(4); // many ties
    }
    for (int[] ks : new int[][] {{2, 2}, {3, 1}, {3, 2}}) {
      MaxPool2d pool = new MaxPool2d(ks[0], ks[1]);
      int[] out = pool.configure(new int[] {h, w, c});
      float[] dy = new float[batch * out[0] * out[1] * c];
      for (int i = 0; i < dy.length; i++) {
        dy[i] = i + 1;
      }
      float[] expectDx = new float[x.length];
      float[] expectY = new float[dy.length];
      int o = 0;
      for (int b = 0; b < batch; b++) {
        for (int oy = 0; oy < out[0]; oy++) {
          for (int ox = 0; ox < out[1]; ox++) {
            for (int ch = 0; ch < c; ch++) {
              int best = -1;
              for (int kh = 0; kh < ks[0]; kh++) {
                for (int kw = 0; kw < ks[0]; kw++) {
                  int idx = ((b * h + oy * ks[1] + kh) * w + ox * ks[1] + kw) * c + ch;
                  if (best < 0 || x[idx] > x[best]) {
                    best = idx;
                  }
                }
              }
              expectY[o] = x[best];
              expectDx[best] += dy[o];
              o++;
            }
          }
        }
      }
      try (Parallel par = Parallel.of(2)) {
        ExecContext ctx = new ExecContext(par, true, 0);
        float[] y = pool.forward(x, batch, ctx).clone();
        float[] dx = pool.backward(dy, batch, true, ctx);
        for (int i = 0; i < expectY.length; i++) {
          assertThat(y[i]).as("y[%d] k%d s%d", i, ks[0], ks[1]).isEqualTo(expectY[i]);
        }
        for (int i = 0; i < x.length; i++) {
          assertThat(dx[i]).as("dx[%d] k%d s%d", i, ks[0], ks[1]).isEqualTo(expectDx[i]);
        }
      }
    }
  }
}

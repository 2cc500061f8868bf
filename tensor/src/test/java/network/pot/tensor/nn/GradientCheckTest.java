package network.pot.tensor.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import network.pot.tensor.ExecContext;
import network.pot.tensor.Layer;
import network.pot.tensor.Parallel;
import network.pot.tensor.Param;
import network.pot.tensor.Rng;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of every layer's backward pass and of the losses: the analytic gradient
 * of {@code f = sum(r * layer(x))} must match central differences.
 */
class GradientCheckTest {
  private static final Parallel PAR = Parallel.of(2);
  private static final long SEED = 20261122L;

  @AfterAll
  static void close() {
    PAR.close();
  }

  private static ExecContext ctx() {
    return new ExecContext(PAR, true, 3);
  }

  private static double objective(Layer layer, float[] x, int batch, float[] r) {
    float[] y = layer.forward(x, batch, ctx());
    double f = 0;
    for (int i = 0; i < batch * layer.outSize(); i++) {
      f += (double) r[i] * y[i];
    }
    return f;
  }

  /** Inputs spaced at least 0.05 apart and away from 0, so no kink lies within h of one. */
  private static float[] spacedInput(Rng rng, int n) {
    float[] x = new float[n];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      Integer t = order.get(i);
      order.set(i, order.get(j));
      order.set(j, t);
    }
    for (int i = 0; i < n; i++) {
      float v = 0.1f + 0.05f * order.get(i);
      x[i] = i % 2 == 0 ? v : -v;
    }
    return x;
  }

  private static void check(Layer layer, int[] inShape, int batch, boolean spaced) {
    Rng rng = new Rng(SEED);
    layer.configure(inShape);
    layer.initialize(rng);
    int n = batch * layer.inSize();
    float[] x = new float[n];
    if (spaced) {
      x = spacedInput(rng, n);
    } else {
      for (int i = 0; i < n; i++) {
        x[i] = (float) rng.nextGaussian();
      }
    }
    float[] r = new float[batch * layer.outSize()];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) rng.nextGaussian();
    }
    float[] xc = x.clone();
    layer.forward(xc, batch, ctx());
    float[] dx = layer.backward(r, batch, true, ctx());
    float[] dxCopy = dx == null ? null : dx.clone();
    List<float[]> grads = new ArrayList<>();
    for (Param p : layer.params()) {
      grads.add(p.grad().clone());
    }
    double h = 1e-2;
    int checks = Math.min(25, n);
    for (int c = 0; c < checks; c++) {
      int i = (int) ((long) c * n / checks);
      float[] xp = x.clone();
      xp[i] += (float) h;
      float[] xm = x.clone();
      xm[i] -= (float) h;
      double num = (objective(layer, xp, batch, r) - objective(layer, xm, batch, r)) / (2 * h);
      assertClose(layer + " dx[" + i + "]", num, dxCopy[i]);
    }
    for (int pi = 0; pi < layer.params().size(); pi++) {
      Param p = layer.params().get(pi);
      float[] w = p.value();
      int m = w.length;
      for (int c = 0; c < Math.min(25, m); c++) {
        int i = (int) ((long) c * m / Math.min(25, m));
        float orig = w[i];
        w[i] = orig + (float) h;
        double fp = objective(layer, x.clone(), batch, r);
        w[i] = orig - (float) h;
        double fm = objective(layer, x.clone(), batch, r);
        w[i] = orig;
        assertClose(layer + " " + p.name() + "[" + i + "]", (fp - fm) / (2 * h), grads.get(pi)[i]);
      }
    }
  }

  private static void assertClose(String what, double numeric, double analytic) {
    double tol = 2e-2 * Math.max(1.0, Math.max(Math.abs(numeric), Math.abs(analytic)));
    assertThat(Math.abs(numeric - analytic))
        .as("%s: numeric %s vs analytic %s (seed %d)", what, numeric, analytic, SEED)
        .isLessThanOrEqualTo(tol);
  }

  @Test
  void linear() {
    check(new Linear(7, Init.HE_NORMAL), new int[] {13}, 3, false);
  }

  @Test
  void linearOnImageInput() {
    check(new Linear(5, Init.XAVIER_UNIFORM), new int[] {4, 4, 2}, 2, false);
  }

  @Test
  void conv2dPlain() {
    check(new Conv2d(4, 3, 1, 0, Init.HE_NORMAL), new int[] {6, 6, 2}, 2, false);
  }

  @Test
  void conv2dStrideAndPadding() {
    check(new Conv2d(3, 3, 2, 1, Init.HE_NORMAL), new int[] {7, 5, 3}, 2, false);
  }

  @Test
  void maxPool() {
    check(new MaxPool2d(2, 2), new int[] {6, 4, 3}, 2, true);
  }

  @Test
  void maxPoolOverlapping() {
    check(new MaxPool2d(3, 1), new int[] {5, 5, 2}, 2, true);
  }

  @Test
  void relu() {
    check(new Activation(Activation.Kind.RELU), new int[] {30}, 2, true);
  }

  @Test
  void tanh() {
    check(new Activation(Activation.Kind.TANH), new int[] {30}, 2, false);
  }

  @Test
  void dropoutWithFixedMask() {
    Dropout d = new Dropout(0.3f);
    d.setKey(99);
    check(d, new int[] {40}, 2, false);
  }

  @Test
  void normalize() {
    check(new Normalize(0.3f, 0.7f), new int[] {3, 3, 2}, 2, false);
  }

  @Test
  void flatten() {
    check(new Flatten(), new int[] {2, 3, 2}, 2, false);
  }

  @Test
  void lossesMatchFiniteDifferences() {
    Rng rng = new Rng(SEED);
    int batch = 3;
    int classes = 5;
    float[] logits = new float[batch * classes];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) rng.nextGaussian();
    }
    int[] labels = {1, 4, 0};
    for (Loss loss : Loss.values()) {
      float[] g = new float[logits.length];
      loss.evaluate(logits, labels, batch, classes, g);
      for (int i = 0; i < logits.length; i++) {
        double h = 1e-2;
        float[] p = logits.clone();
        p[i] += (float) h;
        float[] m = logits.clone();
        m[i] -= (float) h;
        float[] scratch = new float[logits.length];
        double num =
            (loss.evaluate(p, labels, batch, classes, scratch)
                    - loss.evaluate(m, labels, batch, classes, scratch))
                / (2 * h);
        assertClose(loss + " logit " + i, num, g[i]);
      }
    }
  }

  @Test
  void softmaxCrossEntropyOfUniformLogitsIsLogClasses() {
    float[] logits = new float[10];
    float[] g = new float[10];
    double l = Loss.SOFTMAX_CROSS_ENTROPY.evaluate(logits, new int[] {3}, 1, 10, g);
    assertThat(l).isCloseTo(Math.log(10), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(g[3]).isCloseTo(-0.9f, org.assertj.core.data.Offset.offset(1e-6f));
  }
}

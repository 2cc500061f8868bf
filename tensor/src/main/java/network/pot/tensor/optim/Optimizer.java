package network.pot.tensor.optim;

import java.util.ArrayList;
import java.util.List;
import network.pot.tensor.Kernels;
import network.pot.tensor.Parallel;
import network.pot.tensor.Param;

/**
 * Applies one update to every parameter from its gradient. Each element's update is a fixed
 * sequence of float operations on that element alone (bias corrections come from {@link
 * StrictMath#pow}), so the split across threads cannot change the result.
 *
 * <p>State: per parameter, {@link OptimizerSpec#stateBuffers()} arrays (SGD: velocity; Adam: first
 * and second moments) and the number of updates applied.
 */
public final class Optimizer {
  private final OptimizerSpec spec;
  private final List<Param> params;
  private final List<float[]> state = new ArrayList<>();
  private long updates;

  public Optimizer(OptimizerSpec spec, List<Param> params) {
    this.spec = spec;
    this.params = params;
    for (Param p : params) {
      for (int s = 0; s < spec.stateBuffers(); s++) {
        state.add(new float[p.numel()]);
      }
    }
  }

  public OptimizerSpec spec() {
    return spec;
  }

  /** Updates applied so far (Adam's t). */
  public long updates() {
    return updates;
  }

  /** State arrays in canonical order: for each parameter, its buffers. Live, for checkpoints. */
  public List<float[]> state() {
    return state;
  }

  /** Restores the update counter (the state arrays are filled in place by the loader). */
  public void setUpdates(long updates) {
    if (updates < 0) {
      throw new IllegalArgumentException("negative update count");
    }
    this.updates = updates;
  }

  /** Applies one update from the current gradients. */
  public void step(Parallel par) {
    updates++;
    int nb = spec.stateBuffers();
    for (int i = 0; i < params.size(); i++) {
      Param p = params.get(i);
      float[] w = p.value();
      float[] g = p.grad();
      int n = w.length;
      float[] s0 = nb > 0 ? state.get(i * nb) : null;
      float[] s1 = nb > 1 ? state.get(i * nb + 1) : null;
      switch (spec.type()) {
        case "sgd" -> par.forRange(n, Kernels.grain(n, par), (a, b) -> sgd(w, g, s0, a, b));
        case "adam", "adamw" -> {
          float bc1 = (float) (1.0 - StrictMath.pow(spec.beta1(), (double) updates));
          float bc2Sqrt =
              (float) StrictMath.sqrt(1.0 - StrictMath.pow(spec.beta2(), (double) updates));
          par.forRange(n, Kernels.grain(n, par), (a, b) -> adam(w, g, s0, s1, bc1, bc2Sqrt, a, b));
        }
        default -> throw new IllegalStateException(spec.type());
      }
    }
  }

  private void sgd(float[] w, float[] g, float[] v, int from, int to) {
    float lr = spec.lr();
    float mu = spec.momentum();
    float wd = spec.weightDecay();
    for (int j = from; j < to; j++) {
      float d = g[j];
      if (wd != 0f) {
        d = d + wd * w[j];
      }
      if (v != null) {
        d = mu * v[j] + d;
        v[j] = d;
      }
      w[j] = w[j] - lr * d;
    }
  }

  private void adam(
      float[] w, float[] g, float[] m, float[] v, float bc1, float bc2Sqrt, int from, int to) {
    float lr = spec.lr();
    float b1 = spec.beta1();
    float b2 = spec.beta2();
    float eps = spec.eps();
    float wd = spec.weightDecay();
    boolean decoupled = spec.type().equals("adamw");
    float stepSize = lr / bc1;
    for (int j = from; j < to; j++) {
      float d = g[j];
      if (wd != 0f) {
        if (decoupled) {
          w[j] = w[j] * (1f - lr * wd);
        } else {
          d = d + wd * w[j];
        }
      }
      float mj = b1 * m[j] + (1f - b1) * d;
      float vj = b2 * v[j] + (1f - b2) * d * d;
      m[j] = mj;
      v[j] = vj;
      float denom = (float) Math.sqrt(vj) / bc2Sqrt + eps;
      w[j] = w[j] - stepSize * (mj / denom);
    }
  }
}

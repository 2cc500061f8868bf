package network.pot.proof.collab;

/**
 * The outer optimizer of a collaborative task: SGD with Nesterov momentum over the averaged
 * pseudo-gradient {@code d = mean_i(G_r - theta_i)} of the accepted updates (as DiLoCo):
 *
 * <pre>
 *   v' = momentum * v + d
 *   G' = G - lr * (d + momentum * v')
 * </pre>
 *
 * each in float32, element by element, in that order. Plain federated averaging is {@code lr = 1},
 * {@code momentum = 0}: then {@code G' = G - d}, the mean of the updates up to one rounding.
 */
public record OuterOptimizer(float lr, float momentum) {
  /** Plain averaging of the accepted updates. */
  public static final OuterOptimizer PLAIN_AVERAGING = new OuterOptimizer(1f, 0f);

  public OuterOptimizer {
    if (!(lr > 0f && lr <= 10f)) {
      throw new IllegalArgumentException("outer lr must be in (0, 10], got " + lr);
    }
    if (!(momentum >= 0f && momentum < 1f)) {
      throw new IllegalArgumentException("outer momentum must be in [0, 1), got " + momentum);
    }
  }

  /** Whether the optimizer keeps a momentum buffer. */
  public boolean hasMomentum() {
    return momentum != 0f;
  }

  /** The canonical JSON form (floats in their shortest decimal form). */
  public String canonicalJson() {
    return "{\"lr\":" + lr + ",\"momentum\":" + momentum + ",\"type\":\"nesterov\"}";
  }
}

package network.pot.tensor.optim;

import java.util.Locale;

/**
 * Which optimizer and its hyper-parameters, all float32 as they are used in the update. {@code
 * sgd}: momentum and (coupled, L2) weight decay. {@code adam}: L2 weight decay added to the
 * gradient. {@code adamw}: decoupled weight decay.
 */
public record OptimizerSpec(
    String type, float lr, float momentum, float weightDecay, float beta1, float beta2, float eps) {

  public OptimizerSpec {
    type = type.toLowerCase(Locale.ROOT);
    if (!type.equals("sgd") && !type.equals("adam") && !type.equals("adamw")) {
      throw new IllegalArgumentException("unknown optimizer '" + type + "' (sgd, adam, adamw)");
    }
    check(lr > 0f && Float.isFinite(lr), "learning rate must be positive, got " + lr);
    check(momentum >= 0f && momentum < 1f, "momentum must be in [0, 1), got " + momentum);
    check(weightDecay >= 0f && Float.isFinite(weightDecay), "weight decay must be >= 0");
    check(beta1 >= 0f && beta1 < 1f, "beta1 must be in [0, 1), got " + beta1);
    check(beta2 >= 0f && beta2 < 1f, "beta2 must be in [0, 1), got " + beta2);
    check(eps > 0f && Float.isFinite(eps), "eps must be positive, got " + eps);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public static OptimizerSpec sgd(float lr, float momentum, float weightDecay) {
    return new OptimizerSpec("sgd", lr, momentum, weightDecay, 0.9f, 0.999f, 1e-8f);
  }

  public static OptimizerSpec adam(float lr, float weightDecay) {
    return new OptimizerSpec("adam", lr, 0f, weightDecay, 0.9f, 0.999f, 1e-8f);
  }

  /** How many state buffers per parameter the optimizer keeps. */
  public int stateBuffers() {
    return switch (type) {
      case "sgd" -> momentum > 0f ? 1 : 0;
      default -> 2;
    };
  }

  /** Canonical JSON (keys sorted, floats in Java's shortest round-trip form). */
  public String canonicalJson() {
    return "{\"beta1\":"
        + beta1
        + ",\"beta2\":"
        + beta2
        + ",\"eps\":"
        + eps
        + ",\"lr\":"
        + lr
        + ",\"momentum\":"
        + momentum
        + ",\"type\":\""
        + type
        + "\",\"weight_decay\":"
        + weightDecay
        + "}";
  }
}

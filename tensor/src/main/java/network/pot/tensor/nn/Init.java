package network.pot.tensor.nn;

import network.pot.tensor.Rng;

/** Weight initialization schemes; biases always start at zero. */
public enum Init {
  /** He/Kaiming normal: N(0, 2 / fan_in), for layers followed by ReLU. */
  HE_NORMAL("he_normal"),
  /** Xavier/Glorot uniform: U(-a, a) with a = sqrt(6 / (fan_in + fan_out)), for tanh. */
  XAVIER_UNIFORM("xavier_uniform");

  private final String id;

  Init(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Init parse(String s) {
    for (Init i : values()) {
      if (i.id.equals(s)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown init '" + s + "' (he_normal, xavier_uniform)");
  }

  /** Fills {@code w} for a layer with the given fan-in and fan-out. */
  public void fill(Rng rng, float[] w, int fanIn, int fanOut) {
    switch (this) {
      case HE_NORMAL -> {
        double std = StrictMath.sqrt(2.0 / fanIn);
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) (rng.nextGaussian() * std);
        }
      }
      case XAVIER_UNIFORM -> {
        double a = StrictMath.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) ((rng.nextFloat() * 2.0 - 1.0) * a);
        }
      }
      default -> throw new IllegalStateException(name());
    }
  }
}

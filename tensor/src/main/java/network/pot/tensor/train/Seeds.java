package network.pot.tensor.train;

import network.pot.tensor.Rng;

/**
 * The three keys that, with the model spec, optimizer and data, determine a training run: initial
 * weights, data order and dropout masks. {@link #fromSeed} derives them from one user seed; the
 * proof of training derives them from its binding instead.
 */
public record Seeds(long initKey, long dataKey, long dropoutKey) {
  public static Seeds fromSeed(long seed) {
    return new Seeds(
        Rng.deriveKey(seed, "pot/init", 0),
        Rng.deriveKey(seed, "pot/data", 0),
        Rng.deriveKey(seed, "pot/dropout", 0));
  }
}

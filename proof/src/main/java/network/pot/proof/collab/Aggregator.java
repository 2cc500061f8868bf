package network.pot.proof.collab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import network.pot.tensor.Parallel;

/**
 * Closes a round: folds the accepted updates into {@code G_{r+1}} and the outer optimizer's state.
 *
 * <p>The updates are sorted by miner id (unsigned bytes), whatever order they arrived in. For each
 * parameter {@code j}, in float32: {@code s = 0; s += G[j] - theta_i[j]} for each update in that
 * order; {@code d = s / count}; then {@link OuterOptimizer}'s step. Every element is computed on
 * its own, so splitting the elements across threads cannot change a bit; the only reduction (over
 * miners) has one fixed order. A round with fewer accepted updates than the quorum leaves the
 * weights and momentum as they were and moves to the next round.
 */
public final class Aggregator {
  /** Elements per parallel chunk. */
  private static final int GRAIN = 1 << 14;

  /** One accepted update: the miner and its weights after H steps. */
  // the id is copied in and out, like Commitment's hashes
  @SuppressWarnings("ArrayRecordComponent")
  public record Update(byte[] minerId, List<float[]> weights) {
    public Update {
      minerId = minerId.clone();
      weights = List.copyOf(weights);
    }

    @Override
    public byte[] minerId() {
      return minerId.clone();
    }
  }

  private Aggregator() {}

  /** {@code G_{r+1}} from {@code g = G_r} and the round's accepted updates, in any order. */
  public static GlobalModel next(
      CollabSpec spec, GlobalModel g, List<Update> accepted, Parallel par) {
    List<Update> sorted = new ArrayList<>(accepted);
    sorted.sort(Comparator.comparing(u -> u.minerId, Arrays::compareUnsigned));
    for (int i = 1; i < sorted.size(); i++) {
      if (Arrays.equals(sorted.get(i - 1).minerId, sorted.get(i).minerId)) {
        throw new IllegalArgumentException("two updates from one miner in one round");
      }
    }
    int tensors = g.tensors();
    for (Update u : sorted) {
      if (u.weights.size() != tensors) {
        throw new IllegalArgumentException("an update has the wrong number of tensors");
      }
      for (int t = 0; t < tensors; t++) {
        if (u.weights.get(t).length != g.paramView(t).length) {
          throw new IllegalArgumentException("an update's tensor " + t + " has the wrong size");
        }
      }
    }
    List<float[]> params = new ArrayList<>(tensors);
    List<float[]> momentum = new ArrayList<>(tensors);
    if (sorted.size() < spec.quorum() || sorted.isEmpty()) {
      for (int t = 0; t < tensors; t++) {
        params.add(g.paramView(t));
        momentum.add(g.momentumView(t));
      }
      return new GlobalModel(g.spec(), g.round() + 1, params, momentum);
    }
    float lr = spec.outer().lr();
    float mu = spec.outer().momentum();
    float count = sorted.size();
    for (int t = 0; t < tensors; t++) {
      float[] w = g.paramView(t);
      float[] m = g.momentumView(t);
      float[][] thetas = new float[sorted.size()][];
      for (int i = 0; i < thetas.length; i++) {
        thetas[i] = sorted.get(i).weights.get(t);
      }
      float[] outW = new float[w.length];
      float[] outM = new float[w.length];
      par.forRange(
          w.length,
          GRAIN,
          (from, to) -> {
            for (int j = from; j < to; j++) {
              float s = 0f;
              for (float[] theta : thetas) {
                s += w[j] - theta[j];
              }
              float d = s / count;
              float v = mu * m[j] + d;
              outM[j] = v;
              outW[j] = w[j] - lr * (d + mu * v);
            }
          });
      params.add(outW);
      momentum.add(outM);
    }
    return new GlobalModel(g.spec(), g.round() + 1, params, momentum);
  }
}

package network.pot.consensus;

import java.util.ArrayList;
import java.util.List;

/**
 * Weighted round-robin choice of proposers over one validator set: at each step every validator's
 * priority grows by its power, the highest priority proposes (ties go to the lowest index) and pays
 * back the total power. Over any window of {@code totalPower} steps each validator proposes in
 * proportion to its power, and no one is starved.
 *
 * <p>Step {@code s} of an epoch is {@code (height - firstHeightOfEpoch) + round}, so the proposer
 * of (h, r) is a pure function of the validator set, h and r. The sequence is computed lazily and
 * memoized; an instance belongs to one consensus thread.
 */
public final class ProposerRotation {
  private final ValidatorSet set;
  private final long[] priority;
  private final List<Integer> schedule = new ArrayList<>();

  /** The rotation for {@code set}, starting with all priorities at zero. */
  public ProposerRotation(ValidatorSet set) {
    this.set = set;
    this.priority = new long[set.size()];
  }

  /** The validator index that proposes at {@code step} (step &ge; 0). */
  public int proposerAt(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("negative rotation step " + step);
    }
    if (step > Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException("rotation step too large " + step);
    }
    while (schedule.size() <= step) {
      schedule.add(advance());
    }
    return schedule.get((int) step);
  }

  private int advance() {
    int best = 0;
    for (int i = 0; i < priority.length; i++) {
      priority[i] += set.power(i);
      if (priority[i] > priority[best]) {
        best = i;
      }
    }
    priority[best] -= set.totalPower();
    return best;
  }
}

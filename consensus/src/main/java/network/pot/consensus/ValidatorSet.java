package network.pot.consensus;

import java.util.ArrayList;
import java.util.List;

/**
 * The validators of one epoch, in a fixed order (a vote names its validator by index in this
 * order), with their voting power. Quorum thresholds are strict fractions of the total power: a
 * quorum is more than two thirds, a "one honest member" set is more than one third.
 *
 * <p>Immutable. The total power is capped at {@code Long.MAX_VALUE / 4} so that every threshold
 * product below fits in a long.
 */
public final class ValidatorSet {
  private final List<ConsensusValidator> validators;
  private final long totalPower;

  /** A set of at least one validator with distinct keys. */
  public ValidatorSet(List<ConsensusValidator> validators) {
    if (validators.isEmpty()) {
      throw new IllegalArgumentException("a validator set needs at least one validator");
    }
    long total = 0;
    for (int i = 0; i < validators.size(); i++) {
      total = Math.addExact(total, validators.get(i).power());
      for (int j = 0; j < i; j++) {
        if (validators.get(j).hasKey(validators.get(i).publicKey())) {
          throw new IllegalArgumentException("duplicate validator key at index " + i);
        }
      }
    }
    if (total > Long.MAX_VALUE / 4) {
      throw new IllegalArgumentException("total voting power too large: " + total);
    }
    this.validators = List.copyOf(validators);
    this.totalPower = total;
  }

  /** Number of validators. */
  public int size() {
    return validators.size();
  }

  /** The validator at {@code index}. */
  public ConsensusValidator get(int index) {
    return validators.get(index);
  }

  /** True when {@code index} names a member. */
  public boolean contains(int index) {
    return index >= 0 && index < validators.size();
  }

  /** The index of the validator with {@code publicKey}, or -1. */
  public int indexOf(byte[] publicKey) {
    for (int i = 0; i < validators.size(); i++) {
      if (validators.get(i).hasKey(publicKey)) {
        return i;
      }
    }
    return -1;
  }

  /** Sum of all voting power. */
  public long totalPower() {
    return totalPower;
  }

  /** Voting power of validator {@code index}. */
  public long power(int index) {
    return validators.get(index).power();
  }

  /** True when {@code power} is more than two thirds of the total: a quorum. */
  public boolean isQuorum(long power) {
    return 3 * power > 2 * totalPower;
  }

  /** True when {@code power} is more than one third of the total: it includes an honest member. */
  public boolean exceedsOneThird(long power) {
    return 3 * power > totalPower;
  }

  /** All validators in order. */
  public List<ConsensusValidator> validators() {
    return new ArrayList<>(validators);
  }

  @Override
  public String toString() {
    return "ValidatorSet" + validators;
  }
}

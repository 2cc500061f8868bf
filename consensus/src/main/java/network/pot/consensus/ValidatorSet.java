package network.pot.consensus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The validators of one epoch, in a fixed order (a vote names its validator by index in this
 * order), with their voting power. Quorum thresholds are strict fractions of the total power: a
 * quorum is more than two thirds, a "one honest member" set is more than one third.
 *
 * <p>Within an epoch the members and their order never change (votes name a validator by index),
 * but a member jailed by the ledger loses its power from the next height: it stays in the set with
 * power 0 ({@link #withoutPower}), so it can neither vote nor propose, while evidence against what
 * it signed earlier still verifies against its key.
 *
 * <p>Immutable. The total power is capped at {@code Long.MAX_VALUE / 4} so that every threshold
 * product below fits in a long.
 */
public final class ValidatorSet {
  private final List<ConsensusValidator> validators;
  private final long[] powers;
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
    this.powers = new long[validators.size()];
    for (int i = 0; i < powers.length; i++) {
      powers[i] = validators.get(i).power();
    }
    this.totalPower = total;
  }

  private ValidatorSet(List<ConsensusValidator> validators, long[] powers) {
    long total = 0;
    for (long p : powers) {
      total += p;
    }
    if (total == 0) {
      throw new IllegalArgumentException("a validator set needs a member with power");
    }
    this.validators = validators;
    this.powers = powers;
    this.totalPower = total;
  }

  /**
   * This set with the members at {@code indices} holding no power (jailed), the others unchanged.
   *
   * @throws IllegalArgumentException when no member would keep any power
   */
  public ValidatorSet withoutPower(Collection<Integer> indices) {
    long[] p = powers.clone();
    for (int i : indices) {
      p[i] = 0;
    }
    return new ValidatorSet(validators, p);
  }

  /** True when member {@code index} holds power at the height this set is for. */
  public boolean hasPower(int index) {
    return contains(index) && powers[index] > 0;
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

  /** Voting power of validator {@code index} (0 when it lost it within the epoch). */
  public long power(int index) {
    return powers[index];
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

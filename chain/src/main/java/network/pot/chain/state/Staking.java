package network.pot.chain.state;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import network.pot.base.crypto.PublicKey;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;

/**
 * Validators, self-bonds, delegations, unbonding and reward withdrawal. Stake is held as shares of
 * a validator's tokens (see {@link Validator}); every change of a delegation first pays out its
 * pending rewards, so the reward index entry always matches the current shares.
 */
final class Staking {
  private Staking() {}

  static Outcome createValidator(TxContext c, Payload.CreateValidator p) {
    Address a = c.sender();
    if (c.ws().validator(a) != null) {
      return Outcome.VALIDATOR_EXISTS;
    }
    if (p.commissionBps() > 10_000) {
      return Outcome.INVALID_COMMISSION;
    }
    if (p.selfBond() < c.params().minSelfBond() || p.selfBond() == 0) {
      return Outcome.SELF_BOND_TOO_LOW;
    }
    PublicKey key = p.consensusKey();
    boolean separate = !key.equals(c.tx().signer());
    // one key, one validator: neither the sender nor a separate key may already sign for another
    if (c.ws().get(StateKey.consensusKey(a)) != null
        || (separate
            && (c.ws().get(StateKey.consensusKey(Address.of(key))) != null
                || c.ws().validator(Address.of(key)) != null))) {
      return Outcome.CONSENSUS_KEY_IN_USE;
    }
    c.ws().putValidator(a, Validator.create(key, p.commissionBps()));
    if (separate) {
      c.ws().put(StateKey.consensusKey(Address.of(key)), new KeyOwner(a));
    }
    c.ws().put(StateKey.reveals(a), Reveals.anchored(p.revealAnchor()));
    AddressList index = (AddressList) c.ws().get(StateKey.VALIDATOR_INDEX);
    c.ws()
        .put(
            StateKey.VALIDATOR_INDEX, (index == null ? new AddressList(List.of()) : index).plus(a));
    return delegate(c.ws(), a, a, p.selfBond());
  }

  static Outcome editCommission(TxContext c, Payload.EditCommission p) {
    Validator v = c.ws().validator(c.sender());
    if (v == null) {
      return Outcome.NOT_A_VALIDATOR;
    }
    if (p.commissionBps() > 10_000) {
      return Outcome.INVALID_COMMISSION;
    }
    c.ws().putValidator(c.sender(), v.withCommission(p.commissionBps()));
    return Outcome.OK;
  }

  /** Moves {@code amount} from the delegator's balance into the validator's stake. */
  static Outcome delegate(WorkingState ws, Address delegator, Address validator, long amount) {
    if (amount <= 0) {
      return Outcome.INVALID_AMOUNT;
    }
    if (ws.account(delegator).balance() < amount) {
      return Outcome.INSUFFICIENT_FUNDS;
    }
    Outcome o = addStake(ws, delegator, validator, amount);
    if (o.ok()) {
      ws.debit(delegator, amount);
      ws.emit(
          delegator.equals(validator)
              ? Event.of(Event.Type.BOND, delegator, amount)
              : Event.of(Event.Type.DELEGATE, delegator, validator, amount));
    }
    return o;
  }

  /** Adds bonded tokens to a delegation (the tokens come from the caller). */
  static Outcome addStake(WorkingState ws, Address delegator, Address validator, long amount) {
    Validator v = ws.validator(validator);
    if (v == null) {
      return Outcome.UNKNOWN_VALIDATOR;
    }
    if (v.tombstoned()) {
      return Outcome.VALIDATOR_TOMBSTONED;
    }
    long newShares =
        v.tokens() == 0
            ? amount
            : BigInteger.valueOf(amount)
                .multiply(BigInteger.valueOf(v.shares()))
                .divide(BigInteger.valueOf(v.tokens()))
                .longValueExact();
    if (newShares == 0) {
      return Outcome.AMOUNT_TOO_SMALL;
    }
    settleRewards(ws, delegator, validator);
    v = ws.validator(validator);
    ws.putValidator(
        validator,
        v.withStake(Math.addExact(v.tokens(), amount), Math.addExact(v.shares(), newShares)));
    Delegation d = ws.delegation(delegator, validator);
    long shares = d == null ? newShares : Math.addExact(d.shares(), newShares);
    ws.putDelegation(delegator, validator, new Delegation(shares, v.rewardPerShare()));
    return Outcome.OK;
  }

  /**
   * Removes {@code amount} bonded tokens from a delegation (rounding the shares up, against the
   * delegator) and returns nothing to anyone: the caller decides where the tokens go.
   */
  static Outcome removeStake(WorkingState ws, Address delegator, Address validator, long amount) {
    if (amount <= 0) {
      return Outcome.INVALID_AMOUNT;
    }
    Delegation d = ws.delegation(delegator, validator);
    Validator v = ws.validator(validator);
    if (d == null || v == null || v.tokens() == 0) {
      return Outcome.NO_DELEGATION;
    }
    BigInteger[] qr =
        BigInteger.valueOf(amount)
            .multiply(BigInteger.valueOf(v.shares()))
            .divideAndRemainder(BigInteger.valueOf(v.tokens()));
    long shares = qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
    if (shares > d.shares() || amount > v.tokens()) {
      return Outcome.INSUFFICIENT_DELEGATION;
    }
    settleRewards(ws, delegator, validator);
    v = ws.validator(validator);
    long tokens = v.tokens() - amount;
    long remainingShares = v.shares() - shares;
    if (remainingShares == 0 && tokens > 0) {
      ws.toTreasury(tokens);
      tokens = 0;
    }
    ws.putValidator(validator, v.withStake(tokens, remainingShares));
    long left = d.shares() - shares;
    ws.put(
        StateKey.delegation(delegator, validator),
        left == 0 ? null : new Delegation(left, v.rewardPerShare()));
    return Outcome.OK;
  }

  /** Starts unbonding: tokens leave the validator now and reach the delegator later. */
  static Outcome undelegate(TxContext c, Address validator, long amount) {
    WorkingState ws = c.ws();
    Outcome o = removeStake(ws, c.sender(), validator, amount);
    if (!o.ok()) {
      return o;
    }
    long id = ws.nextId();
    long completion = Math.addExact(c.height(), c.params().unbondingPeriod());
    ws.put(
        StateKey.unbonding(id),
        new Unbonding(c.sender(), validator, c.height(), completion, amount, amount));
    ws.addId(StateKey.unbondingQueue(completion), id);
    ws.addId(StateKey.validatorUnbondings(validator), id);
    ws.emit(
        validator.equals(c.sender())
            ? Event.of(Event.Type.UNBOND, validator, amount, Long.toString(completion))
            : new Event(
                Event.Type.UNDELEGATE, c.sender(), validator, amount, Long.toString(completion)));
    return Outcome.OK;
  }

  static Outcome redelegate(TxContext c, Payload.Redelegate p) {
    if (p.from().equals(p.to())) {
      return Outcome.SAME_VALIDATOR;
    }
    Validator to = c.ws().validator(p.to());
    if (to == null) {
      return Outcome.UNKNOWN_VALIDATOR;
    }
    Outcome o = removeStake(c.ws(), c.sender(), p.from(), p.amount());
    if (o.ok()) {
      o = addStake(c.ws(), c.sender(), p.to(), p.amount());
    }
    if (o.ok()) {
      long id = c.ws().nextId();
      long completion = Math.addExact(c.height(), c.params().unbondingPeriod());
      c.ws()
          .put(
              StateKey.redelegation(id),
              new Redelegation(c.sender(), p.from(), p.to(), c.height(), completion, p.amount()));
      c.ws().addId(StateKey.unbondingQueue(completion), id);
      c.ws().addId(StateKey.validatorRedelegations(p.from()), id);
      c.ws()
          .emit(
              new Event(
                  Event.Type.REDELEGATE, c.sender(), p.from(), p.amount(), p.to().toString()));
    }
    return o;
  }

  static Outcome withdraw(TxContext c, Address validator) {
    WorkingState ws = c.ws();
    Validator v = ws.validator(validator);
    if (v == null) {
      return Outcome.UNKNOWN_VALIDATOR;
    }
    boolean operator = validator.equals(c.sender());
    if (ws.delegation(c.sender(), validator) == null && !operator) {
      return Outcome.NO_DELEGATION;
    }
    settleRewards(ws, c.sender(), validator);
    if (operator) {
      v = ws.validator(validator);
      ws.credit(validator, v.commissionPool());
      if (v.commissionPool() > 0) {
        ws.emit(Event.of(Event.Type.COMMISSION_WITHDRAWN, validator, v.commissionPool()));
      }
      ws.putValidator(validator, v.withRewards(v.rewardPool(), v.rewardPerShare(), 0));
    }
    return Outcome.OK;
  }

  static Outcome unjail(TxContext c) {
    Validator v = c.ws().validator(c.sender());
    if (v == null) {
      return Outcome.NOT_A_VALIDATOR;
    }
    if (v.tombstoned()) {
      return Outcome.VALIDATOR_TOMBSTONED;
    }
    if (!v.jailed()) {
      return Outcome.NOT_JAILED;
    }
    if (c.height() < v.jailedUntil()) {
      return Outcome.STILL_JAILED;
    }
    c.ws().putValidator(c.sender(), v.withJail(false, 0, false));
    return Outcome.OK;
  }

  /** Pays a delegation's pending rewards to the delegator and resets its index entry. */
  static void settleRewards(WorkingState ws, Address delegator, Address validator) {
    Delegation d = ws.delegation(delegator, validator);
    if (d == null) {
      return;
    }
    Validator v = ws.validator(validator);
    long pending = Math.min(d.pendingReward(v), v.rewardPool());
    if (pending > 0) {
      ws.credit(delegator, pending);
      ws.emit(Event.of(Event.Type.REWARD_WITHDRAWN, delegator, validator, pending));
      ws.putValidator(
          validator,
          v.withRewards(v.rewardPool() - pending, v.rewardPerShare(), v.commissionPool()));
    }
    ws.putDelegation(delegator, validator, new Delegation(d.shares(), v.rewardPerShare()));
  }

  /** Pays out every unbonding entry, and forgets every redelegation, maturing at {@code height}. */
  static void matureUnbondings(WorkingState ws, long height) {
    var queue = StateKey.unbondingQueue(height);
    for (long id : ws.ids(queue)) {
      Unbonding u = ws.unbonding(id);
      if (u == null) {
        Redelegation r = ws.redelegation(id);
        ws.delete(StateKey.redelegation(id));
        ws.removeId(StateKey.validatorRedelegations(r.source()), id);
        continue;
      }
      if (u.balance() > 0) {
        ws.credit(u.delegator(), u.balance());
        ws.emit(Event.of(Event.Type.UNBOND_COMPLETED, u.delegator(), u.validator(), u.balance()));
      }
      ws.delete(StateKey.unbonding(id));
      ws.removeId(StateKey.validatorUnbondings(u.validator()), id);
    }
    ws.delete(queue);
  }

  /**
   * Recomputes the active set after block {@code height}: the top validators by tokens that are not
   * jailed (the previous set when there is none), recorded in the power history.
   */
  static void updateValidatorSet(WorkingState ws, Params p, long height) {
    List<ActiveSet.Member> candidates = new ArrayList<>();
    for (Address a : ws.validatorAddresses()) {
      Validator v = ws.validator(a);
      if (!v.jailed() && v.tokens() > 0) {
        candidates.add(new ActiveSet.Member(a, v.consensusKey(), v.tokens()));
      }
    }
    candidates.sort(
        Comparator.comparingLong(ActiveSet.Member::power)
            .reversed()
            .thenComparing(ActiveSet.Member::address));
    List<ActiveSet.Member> active =
        new ArrayList<>(
            candidates.subList(0, (int) Math.min(candidates.size(), p.maxValidators())));
    active.sort(Comparator.comparing(ActiveSet.Member::address));
    // no candidate at all (everyone jailed): the set keeps its members rather than halt the chain
    ActiveSet set = active.isEmpty() ? ws.validatorSet() : new ActiveSet(active);
    ws.put(StateKey.VALIDATOR_SET, set);
    long from = Math.addExact(height, 1);
    PowerHistory h = (PowerHistory) ws.get(StateKey.POWER_HISTORY);
    PowerHistory base = h == null ? new PowerHistory(List.of()) : h;
    long keep = Math.max(p.evidenceMaxAge(), p.unbondingPeriod());
    ws.put(StateKey.POWER_HISTORY, base.plus(from, set, from - keep));
  }
}

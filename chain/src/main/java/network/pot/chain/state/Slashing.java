package network.pot.chain.state;

import java.util.HashSet;
import java.util.Set;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.ConsensusVote;
import network.pot.chain.tx.Payload;

/**
 * Punishment: slashing a fraction of a validator's voting power at the infraction height (taken
 * from the unbonding entries and redelegations created at or after the infraction, then from the
 * bonded tokens, which reaches every delegation through the shares), jailing, double-sign evidence
 * and downtime. Slashed tokens go to the treasury, so the supply is unchanged.
 */
final class Slashing {
  private Slashing() {}

  /**
   * Slashes {@code bps} of {@code power}, the validator's voting power at {@code infractionHeight}:
   * the unbonding entries and redelegations created at or after that height (stake that was bonded
   * then) answer for their share of their initial balance, and the bonded tokens for the rest, as
   * far as they go. Returns what was taken.
   */
  static long slash(
      WorkingState ws,
      Address validator,
      long infractionHeight,
      long power,
      long bps,
      String reason) {
    long remaining = Rewards.mulDiv(power, bps, 10_000);
    long total = 0;
    for (long id : ws.ids(StateKey.validatorUnbondings(validator))) {
      Unbonding u = ws.unbonding(id);
      if (u.creationHeight() >= infractionHeight) {
        long due = Rewards.mulDiv(u.initialBalance(), bps, 10_000);
        long cut = Math.min(u.balance(), due);
        ws.put(StateKey.unbonding(id), u.withBalance(u.balance() - cut));
        total += cut;
        remaining -= due;
      }
    }
    for (long id : ws.ids(StateKey.validatorRedelegations(validator))) {
      Redelegation r = ws.redelegation(id);
      if (r.creationHeight() >= infractionHeight) {
        total += slashRedelegation(ws, r, bps);
        remaining -= Rewards.mulDiv(r.initialBalance(), bps, 10_000);
      }
    }
    Validator v = ws.validator(validator);
    long fromBonded = Math.min(Math.max(remaining, 0), v.tokens());
    ws.putValidator(validator, v.withStake(v.tokens() - fromBonded, v.shares()));
    total += fromBonded;
    ws.toTreasury(total);
    ws.emit(Event.of(Event.Type.SLASH, validator, total, reason));
    return total;
  }

  /** {@code validator}'s voting power at {@code height} (0 when it was not active then). */
  static long powerAt(WorkingState ws, Address validator, long height) {
    PowerHistory h = (PowerHistory) ws.get(StateKey.POWER_HISTORY);
    if (h == null) {
      ActiveSet.Member m = ws.validatorSet().member(validator);
      return m == null ? 0 : m.power();
    }
    return h.powerAt(validator, height);
  }

  /** Takes a redelegation's share of a slash from the delegation it moved to. */
  private static long slashRedelegation(WorkingState ws, Redelegation r, long bps) {
    Delegation d = ws.delegation(r.delegator(), r.destination());
    Validator dst = ws.validator(r.destination());
    if (d == null || dst == null) {
      return 0;
    }
    long cut = Math.min(Rewards.mulDiv(r.initialBalance(), bps, 10_000), dst.tokensOf(d.shares()));
    if (cut == 0 || !Staking.removeStake(ws, r.delegator(), r.destination(), cut).ok()) {
      return 0;
    }
    return cut;
  }

  /**
   * Jails a validator until {@code until} (forever when tombstoned); it leaves the set now (and
   * consensus takes its power from the next height), unless it is the last member: a set of nobody
   * would halt the chain, so the last member stays, jailed, until an epoch finds a candidate.
   */
  static void jail(
      WorkingState ws, Address validator, long until, boolean tombstone, String reason) {
    Validator v = ws.validator(validator);
    ws.emit(Event.of(Event.Type.JAIL, validator, until, reason));
    ws.putValidator(validator, v.withJail(true, until, tombstone || v.tombstoned()));
    ActiveSet rest = ws.validatorSet().without(validator);
    if (!rest.members().isEmpty()) {
      ws.put(StateKey.VALIDATOR_SET, rest);
    }
  }

  static Outcome doubleSign(TxContext c, Payload.DoubleSignEvidence e) {
    ConsensusVote a = e.first();
    ConsensusVote b = e.second();
    if (!a.validator().equals(b.validator())
        || a.height() != b.height()
        || a.round() != b.round()
        || a.step() != b.step()
        || a.blockHash().equals(b.blockHash())
        || !a.verify(c.chainId())
        || !b.verify(c.chainId())) {
      return Outcome.INVALID_EVIDENCE;
    }
    // the votes must be signed by the key the validator signs consensus with
    Address addr = c.ws().validatorOfConsensusKey(a.validator());
    Validator v = addr == null ? null : c.ws().validator(addr);
    if (v == null) {
      return Outcome.UNKNOWN_VALIDATOR;
    }
    if (a.height() > c.height() || a.height() + c.params().evidenceMaxAge() < c.height()) {
      return Outcome.EVIDENCE_TOO_OLD;
    }
    if (v.tombstoned()) {
      return Outcome.DUPLICATE_EVIDENCE;
    }
    slash(
        c.ws(),
        addr,
        a.height(),
        powerAt(c.ws(), addr, a.height()),
        c.params().doubleSignSlashBps(),
        "double_sign");
    jail(c.ws(), addr, Long.MAX_VALUE, true, "double_sign");
    return Outcome.OK;
  }

  /**
   * Counts the active validators missing from the previous block's commit; one that misses more
   * than {@code maxMissedBlocks} in a window is slashed and jailed. Counters restart each window.
   *
   * <p>The signers are those of the last commit the block's proposer gathered, including the
   * precommits that reached it after the quorum, during its commit wait: a validator is counted
   * when it is slow, only not when it is absent. A proposer may still leave out precommits beyond
   * the quorum; nothing in the block can show that it did. That is why the count is only trusted
   * over a window, against a limit ({@link Params#crossCheck() at least half the window}) that the
   * blocks proposed by validators holding less than a third of the power (about a third of the
   * blocks) cannot reach on their own.
   */
  static void trackLiveness(WorkingState ws, Params p, long height, Iterable<Address> signers) {
    if (height > 1) {
      Set<Address> signed = new HashSet<>();
      signers.forEach(signed::add);
      for (ActiveSet.Member m : ws.validatorSet().members()) {
        if (signed.contains(m.address())) {
          continue;
        }
        Validator v = ws.validator(m.address());
        if (v.jailed()) {
          continue; // the last member, kept in the set: punished once already
        }
        long missed = v.missedBlocks() + 1;
        ws.putValidator(m.address(), v.withMissed(missed));
        if (missed > p.maxMissedBlocks()) {
          long infraction = height - 1;
          slash(
              ws,
              m.address(),
              infraction,
              powerAt(ws, m.address(), infraction),
              p.downtimeSlashBps(),
              "downtime");
          jail(ws, m.address(), Math.addExact(height, p.downtimeJailBlocks()), false, "downtime");
          ws.putValidator(m.address(), ws.validator(m.address()).withMissed(0));
        }
      }
    }
    if (height % p.downtimeWindow() == 0) {
      for (Address a : ws.validatorAddresses()) {
        Validator v = ws.validator(a);
        if (v.missedBlocks() != 0) {
          ws.putValidator(a, v.withMissed(0));
        }
      }
    }
  }
}

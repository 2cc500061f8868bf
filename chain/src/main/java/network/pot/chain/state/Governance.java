package network.pot.chain.state;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.ProposalAction;
import network.pot.chain.tx.VoteOption;

/**
 * Proposals, deposits, stake-weighted votes and tallies. A validator's vote carries the stake of
 * all its delegators except those who voted themselves (they count with their own choice). Passed
 * parameter changes take effect from the next block; treasury spends pay out at once.
 */
final class Governance {
  private Governance() {}

  static Outcome submit(TxContext c, Payload.SubmitProposal p) {
    WorkingState ws = c.ws();
    if (p.action() instanceof ProposalAction.ParamChange pc) {
      try {
        c.params().governedChange(pc.name(), pc.value());
      } catch (IllegalArgumentException e) {
        return Outcome.INVALID_PROPOSAL;
      }
    } else if (p.action() instanceof ProposalAction.TreasurySpend ts && ts.amount() <= 0) {
      return Outcome.INVALID_PROPOSAL;
    }
    if (p.deposit() <= 0) {
      return Outcome.INVALID_AMOUNT;
    }
    if (ws.account(c.sender()).balance() < p.deposit()) {
      return Outcome.INSUFFICIENT_FUNDS;
    }
    ws.debit(c.sender(), p.deposit());
    long id = ws.nextId();
    ws.emit(Event.of(Event.Type.DEPOSIT, c.sender(), p.deposit(), Long.toString(id)));
    GovernanceProposal prop =
        new GovernanceProposal(
                c.sender(),
                p.title(),
                p.action(),
                GovernanceProposal.Status.DEPOSIT,
                Math.addExact(c.height(), c.params().depositPeriod()),
                0,
                List.of(),
                List.of(),
                List.of())
            .withDeposit(c.sender(), p.deposit());
    schedule(c, id, prop);
    return Outcome.OK;
  }

  static Outcome deposit(TxContext c, Payload.Deposit p) {
    WorkingState ws = c.ws();
    GovernanceProposal prop = ws.proposal(p.proposalId());
    if (prop == null) {
      return Outcome.UNKNOWN_PROPOSAL;
    }
    if (prop.status() != GovernanceProposal.Status.DEPOSIT) {
      return Outcome.NOT_IN_DEPOSIT_PERIOD;
    }
    if (p.amount() <= 0) {
      return Outcome.INVALID_AMOUNT;
    }
    if (ws.account(c.sender()).balance() < p.amount()) {
      return Outcome.INSUFFICIENT_FUNDS;
    }
    ws.debit(c.sender(), p.amount());
    ws.emit(Event.of(Event.Type.DEPOSIT, c.sender(), p.amount(), Long.toString(p.proposalId())));
    ws.removeId(StateKey.proposalQueue(prop.endHeight()), p.proposalId());
    schedule(c, p.proposalId(), prop.withDeposit(c.sender(), p.amount()));
    return Outcome.OK;
  }

  /** Stores a proposal in its period (voting once the deposit is reached) and queues its end. */
  private static void schedule(TxContext c, long id, GovernanceProposal prop) {
    if (prop.status() == GovernanceProposal.Status.DEPOSIT
        && prop.totalDeposit() >= c.params().minDeposit()) {
      prop =
          prop.withStatus(
              GovernanceProposal.Status.VOTING,
              Math.addExact(c.height(), c.params().votingPeriod()));
    }
    c.ws().putProposal(id, prop);
    c.ws().addId(StateKey.proposalQueue(prop.endHeight()), id);
  }

  static Outcome vote(TxContext c, Payload.Vote p) {
    WorkingState ws = c.ws();
    GovernanceProposal prop = ws.proposal(p.proposalId());
    if (prop == null) {
      return Outcome.UNKNOWN_PROPOSAL;
    }
    if (prop.status() != GovernanceProposal.Status.VOTING) {
      return Outcome.NOT_IN_VOTING_PERIOD;
    }
    boolean staked = ws.validator(c.sender()) != null;
    for (Address v : ws.validatorAddresses()) {
      staked |= ws.delegation(c.sender(), v) != null;
    }
    if (!staked) {
      return Outcome.NO_VOTING_POWER;
    }
    ws.putProposal(p.proposalId(), prop.withVote(c.sender(), p.option()));
    return Outcome.OK;
  }

  /** Closes every proposal whose period ends at {@code height}. */
  static void close(WorkingState ws, Params p, long height) {
    var queue = StateKey.proposalQueue(height);
    for (long id : ws.ids(queue)) {
      GovernanceProposal prop = ws.proposal(id);
      if (prop.status() == GovernanceProposal.Status.DEPOSIT) {
        refund(ws, id, prop);
        ws.emit(new Event(Event.Type.PROPOSAL_REJECTED, null, null, id, "EXPIRED"));
        ws.putProposal(id, prop.closed(GovernanceProposal.Status.EXPIRED, List.of()));
      } else {
        tallyAndExecute(ws, p, id, prop);
      }
    }
    ws.delete(queue);
  }

  /** Stake per option: yes, no, abstain, veto. */
  static long[] tally(StateView s, GovernanceProposal prop) {
    long[] t = new long[4];
    Map<Address, VoteOption> validatorVotes = new HashMap<>();
    for (GovernanceProposal.Ballot b : prop.votes()) {
      if (s.validator(b.voter()) != null) {
        validatorVotes.put(b.voter(), b.option());
      }
    }
    Map<Address, Long> deducted = new HashMap<>();
    List<Address> validators = s.validatorAddresses();
    for (GovernanceProposal.Ballot b : prop.votes()) {
      for (Address va : validators) {
        Delegation d = s.delegation(b.voter(), va);
        if (d == null) {
          continue;
        }
        long tokens = s.validator(va).tokensOf(d.shares());
        t[b.option().tag() - 1] += tokens;
        if (validatorVotes.containsKey(va)) {
          deducted.merge(va, tokens, Long::sum);
        }
      }
    }
    for (Address va : validators) {
      VoteOption o = validatorVotes.get(va);
      if (o != null) {
        t[o.tag() - 1] += s.validator(va).tokens() - deducted.getOrDefault(va, 0L);
      }
    }
    return t;
  }

  private static void tallyAndExecute(WorkingState ws, Params p, long id, GovernanceProposal prop) {
    long[] t = tally(ws, prop);
    long bonded = 0;
    for (Address va : ws.validatorAddresses()) {
      bonded += ws.validator(va).tokens();
    }
    long voted = t[0] + t[1] + t[2] + t[3];
    GovernanceProposal.Status status;
    if (!atLeast(voted, bonded, p.quorumBps()) || voted == 0) {
      status = GovernanceProposal.Status.FAILED;
    } else if (atLeast(t[3], voted, p.vetoBps())) {
      status = GovernanceProposal.Status.VETOED;
    } else if (t[0] + t[1] + t[3] > 0 && above(t[0], t[0] + t[1] + t[3], p.thresholdBps())) {
      status =
          execute(ws, id, prop.action())
              ? GovernanceProposal.Status.PASSED
              : GovernanceProposal.Status.FAILED;
    } else {
      status = GovernanceProposal.Status.REJECTED;
    }
    ws.emit(
        status == GovernanceProposal.Status.PASSED
            ? new Event(Event.Type.PROPOSAL_PASSED, null, null, id, "")
            : new Event(Event.Type.PROPOSAL_REJECTED, null, null, id, status.name()));
    if (status == GovernanceProposal.Status.VETOED) {
      ws.toTreasury(prop.totalDeposit());
      for (GovernanceProposal.Stake s : prop.deposits()) {
        ws.emit(Event.of(Event.Type.DEPOSIT_BURNED, s.owner(), s.amount(), Long.toString(id)));
      }
    } else {
      refund(ws, id, prop);
    }
    ws.putProposal(id, prop.closed(status, List.of(t[0], t[1], t[2], t[3])));
  }

  private static boolean execute(WorkingState ws, long id, ProposalAction action) {
    if (action instanceof ProposalAction.ParamChange pc) {
      try {
        // checked again: other changes may have passed since this one was proposed
        ws.put(StateKey.PARAMS, ws.params().governedChange(pc.name(), pc.value()));
      } catch (IllegalArgumentException e) {
        return false;
      }
      ws.emit(new Event(Event.Type.PARAM_CHANGED, null, null, id, pc.name() + "=" + pc.value()));
    } else if (action instanceof ProposalAction.TreasurySpend ts) {
      Globals g = ws.globals();
      if (g.treasury() < ts.amount()) {
        return false;
      }
      ws.putGlobals(g.withPools(g.treasury() - ts.amount(), g.minerPool(), g.feePool()));
      ws.credit(ts.recipient(), ts.amount());
      ws.emit(Event.of(Event.Type.TREASURY_SPEND, ts.recipient(), ts.amount(), Long.toString(id)));
    }
    return true;
  }

  private static void refund(WorkingState ws, long id, GovernanceProposal prop) {
    for (GovernanceProposal.Stake s : prop.deposits()) {
      ws.credit(s.owner(), s.amount());
      ws.emit(Event.of(Event.Type.DEPOSIT_REFUNDED, s.owner(), s.amount(), Long.toString(id)));
    }
  }

  /** part / whole >= bps / 10000 */
  private static boolean atLeast(long part, long whole, long bps) {
    return BigInteger.valueOf(part)
            .multiply(BigInteger.valueOf(10_000))
            .compareTo(BigInteger.valueOf(whole).multiply(BigInteger.valueOf(bps)))
        >= 0;
  }

  /** part / whole > bps / 10000 */
  private static boolean above(long part, long whole, long bps) {
    return BigInteger.valueOf(part)
            .multiply(BigInteger.valueOf(10_000))
            .compareTo(BigInteger.valueOf(whole).multiply(BigInteger.valueOf(bps)))
        > 0;
  }
}

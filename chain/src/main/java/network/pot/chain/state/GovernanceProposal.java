package network.pot.chain.state;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.ProposalAction;
import network.pot.chain.tx.VoteOption;

/**
 * A governance proposal: its action, deposits, direct votes and, once closed, its tally.
 *
 * @param endHeight end of the deposit period while {@code DEPOSIT}, of voting while {@code VOTING}
 * @param tally stake for yes, no, abstain, veto once tallied (empty before)
 */
public record GovernanceProposal(
    Address proposer,
    String title,
    ProposalAction action,
    Status status,
    long endHeight,
    long totalDeposit,
    List<Stake> deposits,
    List<Ballot> votes,
    List<Long> tally)
    implements StateValue {

  /** Life cycle of a proposal. */
  public enum Status {
    DEPOSIT,
    VOTING,
    PASSED,
    REJECTED,
    VETOED,
    EXPIRED,
    FAILED
  }

  /** An amount attributed to an address (a deposit). */
  public record Stake(Address owner, long amount) {}

  /** A direct vote. */
  public record Ballot(Address voter, VoteOption option) {}

  public GovernanceProposal {
    deposits = List.copyOf(deposits);
    votes = List.copyOf(votes);
    tally = List.copyOf(tally);
  }

  /**
   * The stake per option (yes, no, abstain, veto) that a tally on {@code s} would count now, by the
   * same rule that closes the voting period. Read-only; for showing an open proposal's standing.
   */
  public List<Long> liveTally(StateView s) {
    long[] t = Governance.tally(s, this);
    return List.of(t[0], t[1], t[2], t[3]);
  }

  public GovernanceProposal withDeposit(Address from, long amount) {
    List<Stake> l = new ArrayList<>(deposits);
    int i = indexOf(l, from);
    if (i >= 0) {
      l.set(i, new Stake(from, Math.addExact(l.get(i).amount(), amount)));
    } else {
      l.add(new Stake(from, amount));
    }
    return new GovernanceProposal(
        proposer,
        title,
        action,
        status,
        endHeight,
        Math.addExact(totalDeposit, amount),
        l,
        votes,
        tally);
  }

  private static int indexOf(List<Stake> l, Address a) {
    for (int i = 0; i < l.size(); i++) {
      if (l.get(i).owner().equals(a)) {
        return i;
      }
    }
    return -1;
  }

  public GovernanceProposal withVote(Address voter, VoteOption option) {
    List<Ballot> l = new ArrayList<>(votes);
    l.removeIf(b -> b.voter().equals(voter));
    l.add(new Ballot(voter, option));
    return new GovernanceProposal(
        proposer, title, action, status, endHeight, totalDeposit, deposits, l, tally);
  }

  public GovernanceProposal withStatus(Status s, long end) {
    return new GovernanceProposal(
        proposer, title, action, s, end, totalDeposit, deposits, votes, tally);
  }

  public GovernanceProposal closed(Status s, List<Long> finalTally) {
    return new GovernanceProposal(
        proposer, title, action, s, endHeight, totalDeposit, deposits, votes, finalTally);
  }

  // the status is encoded by its ordinal: the order of Status is part of the state format
  @SuppressWarnings("EnumOrdinal")
  @Override
  public void encode(Writer w) {
    w.raw(proposer.unsafeArray()).string(title);
    action.encode(w);
    w.u8(status.ordinal()).u64(endHeight).u64(totalDeposit);
    w.list(deposits, (x, s) -> x.raw(s.owner().unsafeArray()).u64(s.amount()));
    w.list(votes, (x, b) -> x.raw(b.voter().unsafeArray()).u8(b.option().tag()));
    w.list(tally, Writer::u64);
  }

  static GovernanceProposal decode(Reader r) throws DecodeException {
    Address proposer = Address.of(r.raw(Address.SIZE));
    String title = r.string(Payload.MAX_TITLE);
    ProposalAction action = ProposalAction.decode(r);
    int s = r.u8();
    if (s >= Status.values().length) {
      throw new DecodeException(DecodeException.Reason.UNKNOWN_TAG, "proposal status " + s);
    }
    long end = r.amount();
    long total = r.amount();
    List<Stake> deposits =
        r.list(1 << 16, x -> new Stake(Address.of(x.raw(Address.SIZE)), x.amount()));
    List<Ballot> votes =
        r.list(
            1 << 20,
            x -> {
              Address a = Address.of(x.raw(Address.SIZE));
              int tag = x.u8();
              VoteOption o = VoteOption.byTag(tag);
              if (o == null) {
                throw new DecodeException(DecodeException.Reason.UNKNOWN_TAG, "vote " + tag);
              }
              return new Ballot(a, o);
            });
    List<Long> tally = r.list(4, Reader::amount);
    return new GovernanceProposal(
        proposer, title, action, Status.values()[s], end, total, deposits, votes, tally);
  }
}

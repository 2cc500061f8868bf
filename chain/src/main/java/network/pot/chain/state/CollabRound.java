package network.pot.chain.state;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;

/**
 * One round of a collaborative task: the global model it starts from ({@code G_r}), its schedule,
 * the contributions committed to it with their committees and votes, and once closed, the miners
 * whose updates were accepted and the hashes of {@code G_{r+1}}.
 *
 * @param start the hashes of {@code G_r}
 * @param openHeight first height at which contributions may be committed
 * @param commitDeadline last height at which contributions may be committed
 * @param closeHeight the height whose end closes the round: verdicts are final, bonds of missing
 *     and rejected miners forfeited, the round's share paid
 * @param accepted after the close: the miners whose updates go into {@code G_{r+1}}, by slot
 * @param next after {@link Status#CLOSED}: the hashes of {@code G_{r+1}}
 */
public record CollabRound(
    Payload.ModelHashes start,
    long openHeight,
    long commitDeadline,
    long closeHeight,
    Status status,
    List<Contribution> contributions,
    List<Address> accepted,
    Payload.ModelHashes next)
    implements StateValue {

  /** Where a round stands. */
  public enum Status {
    /** Taking contributions and votes. */
    OPEN,
    /** Past its close height: waiting for {@code G_{r+1}} to be recorded. */
    AGGREGATING,
    /** {@code G_{r+1}} recorded. */
    CLOSED
  }

  /**
   * A miner's committed contribution, its verifier committee and their votes (as for a competitive
   * proof: {@link Enrollment.Seat}, {@link Enrollment.Verdict}).
   *
   * @param claimedMetric the test samples the update classifies correctly, as the miner claims
   * @param status {@link Enrollment.Status#COMMITTED}, {@link Enrollment.Status#ACCEPTED} or {@link
   *     Enrollment.Status#REJECTED}
   * @param challengeSeed the randomness its verifiers' samples come from; zero until seated
   */
  public record Contribution(
      Address miner,
      Hash transcriptRoot,
      Hash updateHash,
      long claimedMetric,
      long commitHeight,
      Enrollment.Status status,
      List<Enrollment.Seat> committee,
      Hash challengeSeed,
      List<Enrollment.Verdict> votes) {
    public Contribution {
      committee = List.copyOf(committee);
      votes = List.copyOf(votes);
    }

    /** The committee seat of {@code validator}, or null. */
    public Enrollment.Seat seat(Address validator) {
      for (Enrollment.Seat s : committee) {
        if (s.validator().equals(validator)) {
          return s;
        }
      }
      return null;
    }

    public boolean hasVoted(Address validator) {
      return votes.stream().anyMatch(v -> v.validator().equals(validator));
    }

    Contribution seated(List<Enrollment.Seat> seats, Hash seed) {
      return new Contribution(
          miner,
          transcriptRoot,
          updateHash,
          claimedMetric,
          commitHeight,
          status,
          seats,
          seed,
          votes);
    }

    Contribution withVote(Enrollment.Verdict v, Enrollment.Status next) {
      List<Enrollment.Verdict> l = new ArrayList<>(votes);
      l.add(v);
      return withVotes(l, next);
    }

    /** With these votes and status. */
    Contribution withVotes(List<Enrollment.Verdict> l, Enrollment.Status next) {
      return new Contribution(
          miner,
          transcriptRoot,
          updateHash,
          claimedMetric,
          commitHeight,
          next,
          committee,
          challengeSeed,
          l);
    }

    /** The rejects that named {@code segment}, marked refuted. */
    List<Enrollment.Verdict> refuting(int segment) {
      List<Enrollment.Verdict> l = new ArrayList<>();
      for (Enrollment.Verdict v : votes) {
        l.add(!v.accept() && !v.refuted() && v.segment() == segment ? v.refute() : v);
      }
      return l;
    }

    // the status is encoded by its ordinal, as in Enrollment
    @SuppressWarnings("EnumOrdinal")
    void encode(Writer w) {
      w.raw(miner.unsafeArray())
          .raw(transcriptRoot.unsafeArray())
          .raw(updateHash.unsafeArray())
          .u64(claimedMetric)
          .u64(commitHeight)
          .u8(status.ordinal())
          .list(committee, (x, c) -> x.raw(c.validator().unsafeArray()).u64(c.power()))
          .raw(challengeSeed.unsafeArray())
          .list(
              votes,
              (x, v) ->
                  x.raw(v.validator().unsafeArray())
                      .bool(v.accept())
                      .u32(v.segment())
                      .bool(v.refuted()));
    }

    // the status is decoded from its ordinal, as in Enrollment
    @SuppressWarnings("EnumOrdinal")
    static Contribution decode(Reader r) throws DecodeException {
      Address miner = Address.of(r.raw(Address.SIZE));
      Hash root = Hash.of(r.raw(Hash.SIZE));
      Hash update = Hash.of(r.raw(Hash.SIZE));
      long metric = r.amount();
      long height = r.amount();
      int s = r.u8();
      if (s >= Enrollment.Status.values().length) {
        throw new DecodeException(DecodeException.Reason.UNKNOWN_TAG, "contribution status " + s);
      }
      return new Contribution(
          miner,
          root,
          update,
          metric,
          height,
          Enrollment.Status.values()[s],
          r.list(1 << 12, x -> new Enrollment.Seat(Address.of(x.raw(Address.SIZE)), x.amount())),
          Hash.of(r.raw(Hash.SIZE)),
          r.list(
              1 << 12,
              x ->
                  new Enrollment.Verdict(
                      Address.of(x.raw(Address.SIZE)), x.bool(), x.i32(), x.bool())));
    }
  }

  public CollabRound {
    contributions = List.copyOf(contributions);
    accepted = List.copyOf(accepted);
  }

  /** A round that opens at {@code open} from {@code start}, with the task's and chain's timing. */
  static CollabRound open(Payload.ModelHashes start, long open, long roundBlocks, long window) {
    long deadline = Math.addExact(open, roundBlocks - 1);
    return new CollabRound(
        start,
        open,
        deadline,
        Math.addExact(deadline, window),
        Status.OPEN,
        List.of(),
        List.of(),
        Payload.ModelHashes.NONE);
  }

  /** The contribution of {@code miner}, or null. */
  public Contribution contribution(Address miner) {
    for (Contribution c : contributions) {
      if (c.miner().equals(miner)) {
        return c;
      }
    }
    return null;
  }

  /** With {@code c} added, or replacing the contribution of the same miner. */
  CollabRound with(Contribution c) {
    List<Contribution> l = new ArrayList<>();
    boolean replaced = false;
    for (Contribution x : contributions) {
      if (x.miner().equals(c.miner())) {
        l.add(c);
        replaced = true;
      } else {
        l.add(x);
      }
    }
    if (!replaced) {
      l.add(c);
    }
    return new CollabRound(
        start, openHeight, commitDeadline, closeHeight, status, l, accepted, next);
  }

  CollabRound aggregating(List<Address> acceptedMiners) {
    return new CollabRound(
        start,
        openHeight,
        commitDeadline,
        closeHeight,
        Status.AGGREGATING,
        contributions,
        acceptedMiners,
        next);
  }

  CollabRound closed(Payload.ModelHashes result) {
    return new CollabRound(
        start,
        openHeight,
        commitDeadline,
        closeHeight,
        Status.CLOSED,
        contributions,
        accepted,
        result);
  }

  // the status is encoded by its ordinal: the order of Status is part of the state format
  @SuppressWarnings("EnumOrdinal")
  @Override
  public void encode(Writer w) {
    start.encode(w);
    w.u64(openHeight).u64(commitDeadline).u64(closeHeight).u8(status.ordinal());
    w.list(contributions, (x, c) -> c.encode(x));
    w.list(accepted, (x, a) -> x.raw(a.unsafeArray()));
    next.encode(w);
  }

  static CollabRound decode(Reader r) throws DecodeException {
    Payload.ModelHashes start = Payload.ModelHashes.decode(r);
    long open = r.amount();
    long deadline = r.amount();
    long close = r.amount();
    int s = r.u8();
    if (s >= Status.values().length) {
      throw new DecodeException(DecodeException.Reason.UNKNOWN_TAG, "round status " + s);
    }
    return new CollabRound(
        start,
        open,
        deadline,
        close,
        Status.values()[s],
        r.list(Payload.PublishCollabTask.MAX_MINERS, Contribution::decode),
        r.list(Payload.PublishCollabTask.MAX_MINERS, x -> Address.of(x.raw(Address.SIZE))),
        Payload.ModelHashes.decode(r));
  }
}

package network.pot.chain.state;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;

/**
 * A miner's participation in a task: its bond, the hash of the block that included its enrollment
 * (which seeds its initial weights and data order), its committed proof, its verifier committee,
 * the randomness its verifiers' samples are drawn from ({@code challengeSeed}: the hash of the
 * block after the commit, {@link Hash#ZERO} until that block) and the verifiers' votes.
 */
public record Enrollment(
    long bond,
    long enrolledHeight,
    Hash enrollHash,
    Status status,
    Hash transcriptRoot,
    Hash modelHash,
    long claimedMetric,
    long commitHeight,
    List<Verdict> votes,
    List<Seat> committee,
    Hash challengeSeed)
    implements StateValue {

  /** Where a miner's proof stands. */
  public enum Status {
    ENROLLED,
    COMMITTED,
    ACCEPTED,
    REJECTED,
    FRAUDULENT
  }

  /**
   * One verifier's vote on the proof: a reject names the segment that failed (see {@link
   * network.pot.chain.tx.Payload.VerificationVote}); {@code refuted} once a fraud proof showed that
   * segment to be right, after which the vote no longer counts.
   */
  public record Verdict(Address validator, boolean accept, int segment, boolean refuted) {
    public Verdict(Address validator, boolean accept) {
      this(validator, accept, network.pot.chain.tx.Payload.VerificationVote.NO_SEGMENT, false);
    }

    Verdict refute() {
      return new Verdict(validator, accept, segment, true);
    }
  }

  /** A member of the proof's verifier committee and its voting power when it was drawn. */
  public record Seat(Address validator, long power) {}

  public Enrollment {
    votes = List.copyOf(votes);
    committee = List.copyOf(committee);
  }

  /** The committee seat of {@code validator}, or null. */
  public Seat seat(Address validator) {
    for (Seat s : committee) {
      if (s.validator().equals(validator)) {
        return s;
      }
    }
    return null;
  }

  /** A fresh enrollment. */
  public static Enrollment enroll(long bond, long height, Hash blockHash) {
    return new Enrollment(
        bond,
        height,
        blockHash,
        Status.ENROLLED,
        Hash.ZERO,
        Hash.ZERO,
        0,
        0,
        List.of(),
        List.of(),
        Hash.ZERO);
  }

  public Enrollment commit(Hash root, Hash model, long metric, long height, List<Seat> seats) {
    return new Enrollment(
        bond,
        enrolledHeight,
        enrollHash,
        Status.COMMITTED,
        root,
        model,
        metric,
        height,
        votes,
        seats,
        challengeSeed);
  }

  /** Seated: the committee drawn, and the randomness its samples come from. */
  public Enrollment seated(List<Seat> seats, Hash seed) {
    return new Enrollment(
        bond,
        enrolledHeight,
        enrollHash,
        status,
        transcriptRoot,
        modelHash,
        claimedMetric,
        commitHeight,
        votes,
        seats,
        seed);
  }

  /** With the votes that named {@code segment} in a reject marked refuted. */
  public Enrollment refuting(int segment) {
    List<Verdict> l = new ArrayList<>();
    for (Verdict v : votes) {
      l.add(!v.accept() && !v.refuted() && v.segment() == segment ? v.refute() : v);
    }
    return withVotes(l);
  }

  public Enrollment withVote(Verdict v) {
    List<Verdict> l = new ArrayList<>(votes);
    l.add(v);
    return withVotes(l);
  }

  private Enrollment withVotes(List<Verdict> l) {
    return new Enrollment(
        bond,
        enrolledHeight,
        enrollHash,
        status,
        transcriptRoot,
        modelHash,
        claimedMetric,
        commitHeight,
        l,
        committee,
        challengeSeed);
  }

  public Enrollment with(Status s, long newBond) {
    return new Enrollment(
        newBond,
        enrolledHeight,
        enrollHash,
        s,
        transcriptRoot,
        modelHash,
        claimedMetric,
        commitHeight,
        votes,
        committee,
        challengeSeed);
  }

  /** True when {@code validator} has already voted. */
  public boolean hasVoted(Address validator) {
    return votes.stream().anyMatch(v -> v.validator().equals(validator));
  }

  // the status is encoded by its ordinal: the order of Status is part of the state format
  @SuppressWarnings("EnumOrdinal")
  @Override
  public void encode(Writer w) {
    w.u64(bond)
        .u64(enrolledHeight)
        .raw(enrollHash.unsafeArray())
        .u8(status.ordinal())
        .raw(transcriptRoot.unsafeArray())
        .raw(modelHash.unsafeArray())
        .u64(claimedMetric)
        .u64(commitHeight)
        .list(
            votes,
            (x, v) ->
                x.raw(v.validator().unsafeArray())
                    .bool(v.accept())
                    .u32(v.segment())
                    .bool(v.refuted()))
        .list(committee, (x, c) -> x.raw(c.validator().unsafeArray()).u64(c.power()))
        .raw(challengeSeed.unsafeArray());
  }

  static Enrollment decode(Reader r) throws DecodeException {
    long bond = r.amount();
    long height = r.amount();
    Hash bh = Hash.of(r.raw(Hash.SIZE));
    int s = r.u8();
    if (s >= Status.values().length) {
      throw new DecodeException(DecodeException.Reason.UNKNOWN_TAG, "enrollment status " + s);
    }
    return new Enrollment(
        bond,
        height,
        bh,
        Status.values()[s],
        Hash.of(r.raw(Hash.SIZE)),
        Hash.of(r.raw(Hash.SIZE)),
        r.amount(),
        r.amount(),
        r.list(
            1 << 12,
            x -> new Verdict(Address.of(x.raw(Address.SIZE)), x.bool(), x.i32(), x.bool())),
        r.list(1 << 12, x -> new Seat(Address.of(x.raw(Address.SIZE)), x.amount())),
        Hash.of(r.raw(Hash.SIZE)));
  }
}

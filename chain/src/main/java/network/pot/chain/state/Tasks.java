package network.pot.chain.state;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Challenge;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.Sha256;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;

/**
 * Datasets and the life of a training task: publish (reward escrowed), enroll (miner bond), commit
 * proof (its verifier committee is drawn in the next block), verification votes by the active
 * validators (a verdict at two thirds of their power), fraud proofs, and settlement after the
 * verification window, when the best verified model wins the escrow less the data provider's fee
 * and the protocol fee.
 */
final class Tasks {
  private static final byte[] TASK_DOMAIN = "pot/task".getBytes(StandardCharsets.US_ASCII);

  private Tasks() {}

  /** The id of the task published by {@code publisher} with transaction nonce {@code nonce}. */
  static Hash taskId(Address publisher, long nonce) {
    return Hash.sha256(
        new Writer(40).raw(TASK_DOMAIN).raw(publisher.unsafeArray()).u64(nonce).toByteArray());
  }

  static Outcome registerDataset(TxContext c, Payload.RegisterDataset p) {
    if (c.ws().dataset(p.contentHash()) != null) {
      return Outcome.DATASET_EXISTS;
    }
    c.ws()
        .put(
            StateKey.dataset(p.contentHash()),
            new Dataset(c.sender(), p.licence(), p.feePerUse(), c.height()));
    c.ws()
        .emit(
            Event.of(
                Event.Type.DATASET_REGISTERED, c.sender(), p.feePerUse(), p.contentHash().toHex()));
    return Outcome.OK;
  }

  static Outcome publish(TxContext c, Payload.PublishTask p) {
    if (c.ws().dataset(p.datasetId()) == null) {
      return Outcome.UNKNOWN_DATASET;
    }
    if (p.reward() <= 0) {
      return Outcome.INVALID_AMOUNT;
    }
    if (p.totalSteps() <= 0
        || p.checkpointInterval() <= 0
        || p.checkpointInterval() > p.totalSteps()
        || p.totalSteps() % p.checkpointInterval() != 0
        || p.sampleSize() <= 0) {
      return Outcome.INVALID_TASK;
    }
    if (p.deadline() <= c.height()) {
      return Outcome.DEADLINE_PASSED;
    }
    if (c.params()
            .taskOutOfBounds(
                p.totalSteps(), p.checkpointInterval(), p.deadline() - c.height(), p.flopsPerStep())
        != null) {
      return Outcome.TASK_OUT_OF_BOUNDS;
    }
    if (c.ws().account(c.sender()).balance() < p.reward()) {
      return Outcome.INSUFFICIENT_FUNDS;
    }
    Hash id = taskId(c.sender(), c.tx().body().nonce());
    c.ws().debit(c.sender(), p.reward());
    c.ws().emit(Event.of(Event.Type.ESCROW, c.sender(), p.reward(), id.toHex()));
    Task t = new Task(c.sender(), p, c.height(), p.reward(), List.of(), false, null);
    c.ws().putTask(id, t);
    var queue = StateKey.taskQueue(t.settlementHeight(c.params()));
    HashList q = (HashList) c.ws().get(queue);
    c.ws().put(queue, q == null ? new HashList(List.of(id)) : q.plus(id));
    return Outcome.OK;
  }

  /**
   * The enrollment's binding input: the hash of the block that included the enrollment, bound to
   * the chain's task id. Two tasks with the same spec never share it, so one training run cannot be
   * committed to both (each is paid for its own work).
   */
  static Hash enrollHash(Hash blockHash, Hash taskId) {
    return Hash.of(Sha256.tagged("pot/enroll/v1", blockHash.toArray(), taskId.toArray()));
  }

  static Outcome enroll(TxContext c, Payload.EnrollTask p) {
    Task t = c.ws().task(p.taskId());
    if (t == null) {
      CollabTask collab = c.ws().collabTask(p.taskId());
      return collab == null ? Outcome.UNKNOWN_TASK : CollabTasks.enroll(c, p, collab);
    }
    Outcome o =
        bondMiner(
            c,
            p,
            c.height() <= t.terms().deadline(),
            t.miners().size(),
            c.params().maxMinersPerTask(),
            t.terms().minMinerBond());
    if (!o.ok()) {
      return o;
    }
    c.ws().putTask(p.taskId(), t.withMiner(c.sender()));
    return Outcome.OK;
  }

  static Outcome commit(TxContext c, Payload.CommitProof p) {
    Task t = c.ws().task(p.taskId());
    if (t == null) {
      return Outcome.UNKNOWN_TASK;
    }
    Enrollment e = c.ws().enrollment(p.taskId(), c.sender());
    if (e == null) {
      return Outcome.NOT_ENROLLED;
    }
    if (e.status() != Enrollment.Status.ENROLLED) {
      return Outcome.ALREADY_COMMITTED;
    }
    if (c.height() > t.terms().deadline()) {
      return Outcome.DEADLINE_PASSED;
    }
    c.ws()
        .putEnrollment(
            p.taskId(),
            c.sender(),
            e.commit(p.transcriptRoot(), p.modelHash(), p.claimedMetric(), c.height(), List.of()));
    // the committee is drawn from the beacon after the next block's reveal, unknown to the miner
    Bytes queue = StateKey.committeeQueue(Math.addExact(c.height(), 1));
    HashList q = (HashList) c.ws().get(queue);
    if (q == null) {
      c.ws().put(queue, new HashList(List.of(p.taskId())));
    } else if (!q.hashes().contains(p.taskId())) {
      c.ws().put(queue, q.plus(p.taskId()));
    }
    return Outcome.OK;
  }

  /**
   * Begin-block: seats the verifier committees of the proofs committed in the previous block, drawn
   * from the beacon after this block's reveal (see {@link Beacon}): unknown to the miner when its
   * commit was included, and not a choice of this block's proposer. Until then nobody can vote on
   * them.
   */
  static void seatCommittees(WorkingState ws, Params p, long height, Hash beacon) {
    Bytes queue = StateKey.committeeQueue(height);
    HashList q = (HashList) ws.get(queue);
    if (q == null) {
      return;
    }
    ActiveSet set = ws.validatorSet();
    for (Hash id : q.hashes()) {
      Task task = ws.task(id);
      if (task == null) {
        CollabTasks.seat(ws, p, height, beacon, id, ws.collabTask(id));
        continue;
      }
      for (Address miner : task.miners()) {
        Enrollment e = ws.enrollment(id, miner);
        if (e.status() == Enrollment.Status.COMMITTED && e.commitHeight() == height - 1) {
          List<Enrollment.Seat> seats = Committee.draw(set, beacon, id, miner, p.committeeSize());
          // the samples of its verifiers come from this same value (see challengedBy)
          ws.putEnrollment(id, miner, e.seated(seats, beacon));
        }
      }
    }
    ws.delete(queue);
  }

  /**
   * What enrolling in a task of either kind checks and does: the enrollment is still {@code open},
   * the sender is not enrolled yet, fewer than {@code slots} miners are, the bond is at least
   * {@code minBond} (and positive) and the sender can pay it; then the bond is taken and the
   * enrollment recorded. The caller adds the miner to its task when this returns OK.
   */
  static Outcome bondMiner(
      TxContext c, Payload.EnrollTask p, boolean open, int enrolled, long slots, long minBond) {
    if (!open) {
      return Outcome.DEADLINE_PASSED;
    }
    if (c.ws().enrollment(p.taskId(), c.sender()) != null) {
      return Outcome.ALREADY_ENROLLED;
    }
    if (enrolled >= slots) {
      return Outcome.TASK_FULL;
    }
    if (p.bond() < minBond || p.bond() <= 0) {
      return Outcome.BOND_TOO_LOW;
    }
    if (c.ws().account(c.sender()).balance() < p.bond()) {
      return Outcome.INSUFFICIENT_FUNDS;
    }
    c.ws().debit(c.sender(), p.bond());
    c.ws().emit(Event.of(Event.Type.TASK_BOND, c.sender(), p.bond(), p.taskId().toHex()));
    c.ws()
        .putEnrollment(
            p.taskId(),
            c.sender(),
            Enrollment.enroll(p.bond(), c.height(), enrollHash(c.blockHash(), p.taskId())));
    return Outcome.OK;
  }

  static Outcome vote(TxContext c, Payload.VerificationVote p) {
    Task t = c.ws().task(p.taskId());
    if (t == null) {
      return Outcome.UNKNOWN_TASK;
    }
    if (t.settled() || c.height() >= t.settlementHeight(c.params())) {
      return Outcome.VOTING_CLOSED;
    }
    Enrollment e = c.ws().enrollment(p.taskId(), p.miner());
    if (e == null) {
      return Outcome.NOT_ENROLLED;
    }
    if (e.status() != Enrollment.Status.COMMITTED) {
      return Outcome.NOT_PENDING;
    }
    // a validator votes from its account or from its separate consensus key
    Address voter = c.ws().actingValidator(c.sender());
    if (e.seat(voter) == null) {
      return Outcome.NOT_A_VERIFIER;
    }
    if (e.hasVoted(voter)) {
      return Outcome.ALREADY_VOTED;
    }
    if (!voteNamesAllowedSegment(
        p.accept(), p.segment(), t.terms().totalSteps() / t.terms().checkpointInterval())) {
      return Outcome.INVALID_VOTE;
    }
    e = e.withVote(new Enrollment.Verdict(voter, p.accept(), p.segment(), false));
    c.ws().putEnrollment(p.taskId(), p.miner(), decide(c, p.taskId(), p.miner(), t, e));
    return Outcome.OK;
  }

  /**
   * The enrollment's status after its votes: accepted (its work credited) or rejected once the
   * votes that still count hold two thirds of the committee's power, else still pending. A verifier
   * whose vote was refuted no longer counts, nor does its seat.
   */
  private static Enrollment decide(TxContext c, Hash id, Address miner, Task t, Enrollment e) {
    Enrollment.Status next = tally(e.committee(), e.votes());
    if (next == Enrollment.Status.ACCEPTED && e.status() != Enrollment.Status.ACCEPTED) {
      creditWork(c, id, miner, t);
    }
    return e.with(next, e.bond());
  }

  /**
   * Whether a verification vote names a segment it may: none for an accept; for a reject, one of
   * the proof's {@code segments}, the final evaluation, or none.
   */
  static boolean voteNamesAllowedSegment(boolean accept, int segment, long segments) {
    if (accept) {
      return segment == Payload.VerificationVote.NO_SEGMENT;
    }
    return segment == Payload.VerificationVote.NO_SEGMENT
        || segment == Payload.VerificationVote.FINAL
        || (segment >= 0 && segment < segments);
  }

  /**
   * A committee's decision on its votes: accepted or rejected once the votes that still count hold
   * two thirds of the committee's power, else still pending. A verifier whose vote was refuted no
   * longer counts, nor does its seat: the rest decide.
   */
  static Enrollment.Status tally(List<Enrollment.Seat> committee, List<Enrollment.Verdict> votes) {
    Map<Address, Long> power = new HashMap<>();
    long total = 0;
    for (Enrollment.Seat seat : committee) {
      power.put(seat.validator(), seat.power());
      total = Math.addExact(total, seat.power());
    }
    long accept = 0;
    long reject = 0;
    for (Enrollment.Verdict v : votes) {
      long p = power.get(v.validator());
      if (v.refuted()) {
        total = Math.subtractExact(total, p);
      } else if (v.accept()) {
        accept = Math.addExact(accept, p);
      } else {
        reject = Math.addExact(reject, p);
      }
    }
    return twoThirds(accept, total)
        ? Enrollment.Status.ACCEPTED
        : twoThirds(reject, total) ? Enrollment.Status.REJECTED : Enrollment.Status.COMMITTED;
  }

  static boolean twoThirds(long part, long total) {
    return total > 0
        && BigInteger.valueOf(part)
                .multiply(BigInteger.valueOf(3))
                .compareTo(BigInteger.valueOf(total).multiply(BigInteger.TWO))
            >= 0;
  }

  private static long work(Task t) {
    return BigInteger.valueOf(t.terms().totalSteps())
        .multiply(BigInteger.valueOf(t.terms().flopsPerStep()))
        .min(BigInteger.valueOf(Long.MAX_VALUE))
        .longValue();
  }

  private static void creditWork(TxContext c, Hash id, Address miner, Task t) {
    Rewards.creditWork(c.ws(), c.params(), id, miner, t, work(t));
  }

  static Outcome fraud(TxContext c, Payload.FraudProof p, FraudProofChecker checker)
      throws FraudProofChecker.Unavailable {
    Task t = c.ws().task(p.taskId());
    if (t == null) {
      return Outcome.UNKNOWN_TASK;
    }
    if (t.settled()) {
      return Outcome.TASK_SETTLED;
    }
    Enrollment e = c.ws().enrollment(p.taskId(), p.miner());
    if (e == null) {
      return Outcome.NOT_ENROLLED;
    }
    if (e.status() == Enrollment.Status.ENROLLED || e.status() == Enrollment.Status.FRAUDULENT) {
      return Outcome.NOTHING_TO_PROVE;
    }
    FraudProofChecker.Verdict verdict = checker.check(t, e, p);
    return switch (verdict) {
      case TRANSCRIPT_INVALID -> {
        long bounty = Rewards.mulDiv(e.bond(), c.params().fraudBountyBps(), 10_000);
        c.ws().credit(c.sender(), bounty);
        c.ws().toTreasury(e.bond() - bounty);
        String task = p.taskId().toHex();
        c.ws().emit(new Event(Event.Type.FRAUD_BOUNTY, c.sender(), p.miner(), bounty, task));
        c.ws().emit(Event.of(Event.Type.BOND_FORFEITED, p.miner(), e.bond() - bounty, task));
        if (e.status() == Enrollment.Status.ACCEPTED) {
          removeWork(c.ws(), p.miner(), work(t));
        }
        // only a verifier whose own sample held the segment vouched for it
        for (Enrollment.Verdict v : e.votes()) {
          if (v.accept() && challengedBy(t, e, v.validator()).contains(p.segment())) {
            slashVoter(c, t, e, v.validator());
          }
        }
        c.ws().putEnrollment(p.taskId(), p.miner(), e.with(Enrollment.Status.FRAUDULENT, 0));
        yield Outcome.OK;
      }
      case TRANSCRIPT_VALID -> {
        // refutes exactly the rejects that named this segment, nothing else
        List<Address> wrong = new ArrayList<>();
        for (Enrollment.Verdict v : e.votes()) {
          if (!v.accept() && !v.refuted() && v.segment() == p.segment()) {
            wrong.add(v.validator());
          }
        }
        if (wrong.isEmpty()) {
          yield Outcome.NOTHING_TO_PROVE;
        }
        for (Address v : wrong) {
          slashVoter(c, t, e, v);
        }
        Enrollment refuted = e.refuting(p.segment());
        c.ws().putEnrollment(p.taskId(), p.miner(), decide(c, p.taskId(), p.miner(), t, refuted));
        yield Outcome.OK;
      }
      case NOT_A_PROOF -> Outcome.INVALID_FRAUD_PROOF;
    };
  }

  /**
   * The segments {@code validator}'s sample held: the challenge every verifier draws from the
   * enrollment's seed and its own address (the final model's evaluation is in every sample).
   */
  static java.util.Set<Integer> challengedBy(Task t, Enrollment e, Address validator) {
    return challengedBy(
        e.challengeSeed(),
        validator,
        t.terms().totalSteps() / t.terms().checkpointInterval(),
        t.terms().sampleSize());
  }

  /**
   * The segments of {@code segments} a verifier's sample of {@code sampleSize} held, drawn from
   * {@code seed} and its address, with the final evaluation (none but that while unseated).
   */
  static java.util.Set<Integer> challengedBy(
      Hash seed, Address validator, long segments, int sampleSize) {
    java.util.Set<Integer> out = new java.util.HashSet<>();
    out.add(Payload.VerificationVote.FINAL);
    if (seed.equals(Hash.ZERO)) {
      return out;
    }
    out.addAll(
        Challenge.segments(
            seed.toArray(),
            validator.toArray(),
            (int) Math.min(segments, Integer.MAX_VALUE),
            sampleSize));
    return out;
  }

  /**
   * Slashes a verifier whose vote a fraud proof showed wrong, by the power it was seated with at
   * the block after the commit: {@code wrongVoteSlashBps} of it, but never more than the task's
   * reward, what was at stake in the judgment.
   */
  private static void slashVoter(TxContext c, Task t, Enrollment e, Address validator) {
    slashVoter(c, t.terms().reward(), e.seat(validator), e.commitHeight());
  }

  /**
   * Slashes the verifier of {@code seat}, seated the block after {@code commitHeight}, whose vote a
   * fraud proof showed wrong: {@code wrongVoteSlashBps} of its seated power, never more than {@code
   * atStake}, what the judgment was about.
   */
  static void slashVoter(TxContext c, long atStake, Enrollment.Seat seat, long commitHeight) {
    Address validator = seat.validator();
    if (c.ws().validator(validator) == null) {
      return;
    }
    long power = seat.power();
    long bps = c.params().wrongVoteSlashBps();
    if (power > 0) {
      long cap = Rewards.mulDiv(atStake, 10_000, power);
      bps = Math.min(bps, Math.max(1, cap));
    }
    Slashing.slash(c.ws(), validator, commitHeight + 1, power, bps, "wrong_vote");
  }

  private static void removeWork(WorkingState ws, Address miner, long units) {
    Globals g = ws.globals();
    List<Globals.Work> l = new ArrayList<>();
    for (Globals.Work w : g.epochWork()) {
      if (w.miner().equals(miner)) {
        if (w.units() > units) {
          l.add(new Globals.Work(miner, w.units() - units));
        }
      } else {
        l.add(w);
      }
    }
    ws.putGlobals(g.withWork(l));
  }

  /**
   * Pays out every task whose verification window ends at {@code height}, and closes the rounds of
   * collaborative tasks that end there.
   */
  static void settle(WorkingState ws, Params p, long height) {
    var queue = StateKey.taskQueue(height);
    HashList q = (HashList) ws.get(queue);
    if (q == null) {
      return;
    }
    for (Hash id : q.hashes()) {
      Task t = ws.task(id);
      if (t == null) {
        CollabTasks.closeRound(ws, p, id, ws.collabTask(id));
      } else {
        settleTask(ws, p, id, t);
      }
    }
    ws.delete(queue);
  }

  private static void settleTask(WorkingState ws, Params p, Hash id, Task t) {
    Address winner = null;
    Enrollment best = null;
    Comparator<Enrollment> better =
        Comparator.comparingLong(Enrollment::claimedMetric)
            .thenComparing(Comparator.comparingLong(Enrollment::commitHeight).reversed());
    List<Address> miners = new ArrayList<>(t.miners());
    miners.sort(Comparator.naturalOrder());
    for (Address m : miners) {
      Enrollment e = ws.enrollment(id, m);
      if (e.status() == Enrollment.Status.ACCEPTED
          && (best == null || better.compare(e, best) > 0)) {
        best = e;
        winner = m;
      }
      // a rejected miner loses its bond, and so does one that enrolled and never committed: a seat
      // taken is a seat no other miner can take, so holding one costs the bond
      if (e.status() == Enrollment.Status.REJECTED || e.status() == Enrollment.Status.ENROLLED) {
        ws.toTreasury(e.bond());
        if (e.bond() > 0) {
          ws.emit(Event.of(Event.Type.BOND_FORFEITED, m, e.bond(), id.toHex()));
        }
      } else {
        ws.credit(m, e.bond());
        if (e.bond() > 0) {
          ws.emit(Event.of(Event.Type.BOND_RETURNED, m, e.bond(), id.toHex()));
        }
      }
      ws.putEnrollment(id, m, e.with(e.status(), 0));
    }
    long reward = t.escrow();
    if (winner == null) {
      ws.credit(t.publisher(), reward);
      ws.emit(Event.of(Event.Type.REFUND, t.publisher(), reward, id.toHex()));
    } else {
      Dataset d = ws.dataset(t.terms().datasetId());
      long dataFee = Math.min(d.feePerUse(), reward);
      long protocolFee = Rewards.protocolFee(p, reward, dataFee);
      ws.credit(d.owner(), dataFee);
      ws.put(StateKey.dataset(t.terms().datasetId()), d.used(dataFee));
      ws.toTreasury(protocolFee);
      ws.credit(winner, reward - dataFee - protocolFee);
      ws.emit(Event.of(Event.Type.DATASET_FEE, d.owner(), dataFee, id.toHex()));
      ws.emit(Event.of(Event.Type.PROTOCOL_FEE, null, protocolFee, id.toHex()));
      ws.emit(Event.of(Event.Type.PAYOUT, winner, reward - dataFee - protocolFee, id.toHex()));
    }
    ws.putTask(id, t.settle(winner));
  }
}

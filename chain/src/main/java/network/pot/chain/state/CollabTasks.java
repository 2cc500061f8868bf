package network.pot.chain.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.Sha256;
import network.pot.base.econ.RoundRewards;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;

/**
 * The life of a collaborative task on the ledger (see {@code docs/proof-of-training.md},
 * "Collaborative tasks on chain").
 *
 * <ol>
 *   <li>Publish: the reward is escrowed; the validators check the spec blob against the terms and
 *       recompute {@code G_0} ({@link CollabChecker#checkSpec}). Round 0 is scheduled right after
 *       the enrollment deadline.
 *   <li>Enroll (the ordinary {@link Payload.EnrollTask}) until the enrollment deadline: a bond and
 *       a slot, the index of the miner in the task; at most M miners.
 *   <li>Each round, each miner commits a contribution (transcript root, update hash) by the round's
 *       commit deadline; its committee is seated in the next block as for a competitive proof, and
 *       votes until the round's close height with the same two-thirds rule.
 *   <li>At the end of the close height: a miner with no contribution, or a rejected one, loses its
 *       whole bond to the treasury and leaves the task; the accepted miners are recorded; if at
 *       least the quorum were accepted, the round's share of the escrow ({@link
 *       RoundRewards#roundShare}) pays the data provider's fee (once per task), the protocol fee,
 *       and the rest to the accepted miners by verified steps ({@link RoundRewards#split});
 *       otherwise the share goes back to the publisher. A contribution still undecided at the close
 *       is left out, neither paid nor slashed (its committee did not finish, not its miner's
 *       fault).
 *   <li>{@link Payload.CloseRound} records {@code G_{r+1}}'s hashes once every validator has
 *       recomputed them ({@link CollabChecker#next}) and opens the next round from it; after the
 *       last round it settles the task: the remaining bonds are returned.
 * </ol>
 */
final class CollabTasks {
  private CollabTasks() {}

  static Outcome publish(TxContext c, Payload.PublishCollabTask p, CollabChecker checker)
      throws FraudProofChecker.Unavailable {
    if (c.ws().dataset(p.datasetId()) == null) {
      return Outcome.UNKNOWN_DATASET;
    }
    if (p.reward() <= 0) {
      return Outcome.INVALID_AMOUNT;
    }
    if (p.localSteps() <= 0
        || p.checkpointInterval() <= 0
        || p.checkpointInterval() > p.localSteps()
        || p.localSteps() % p.checkpointInterval() != 0
        || p.sampleSize() <= 0
        || p.roundBlocks() <= 0) {
      return Outcome.INVALID_TASK;
    }
    if (p.enrollDeadline() <= c.height()) {
      return Outcome.DEADLINE_PASSED;
    }
    long perRound = Math.addExact(p.roundBlocks(), c.params().verificationWindow());
    long duration =
        Math.addExact(p.enrollDeadline() - c.height(), Math.multiplyExact(perRound, p.rounds()));
    if (p.miners() > c.params().maxMinersPerTask()
        || c.params()
                .taskOutOfBounds(p.localSteps(), p.checkpointInterval(), duration, p.flopsPerStep())
            != null) {
      return Outcome.TASK_OUT_OF_BOUNDS;
    }
    if (c.ws().account(c.sender()).balance() < p.reward()) {
      return Outcome.INSUFFICIENT_FUNDS;
    }
    Hash id = Tasks.taskId(c.sender(), c.tx().body().nonce());
    switch (checker.checkSpec(id, p)) {
      case OK -> {}
      case MISMATCH -> {
        return Outcome.SPEC_MISMATCH;
      }
      case WRONG_GENESIS -> {
        return Outcome.WRONG_MODEL;
      }
    }
    c.ws().debit(c.sender(), p.reward());
    c.ws().emit(Event.of(Event.Type.ESCROW, c.sender(), p.reward(), id.toHex()));
    c.ws()
        .putCollabTask(
            id, new CollabTask(c.sender(), p, c.height(), p.reward(), List.of(), 0, false, false));
    openRound(c.ws(), c.params(), id, p, 0, p.genesis(), Math.addExact(p.enrollDeadline(), 1));
    return Outcome.OK;
  }

  private static void openRound(
      WorkingState ws,
      Params params,
      Hash id,
      Payload.PublishCollabTask terms,
      int round,
      Payload.ModelHashes start,
      long openHeight) {
    CollabRound r =
        CollabRound.open(start, openHeight, terms.roundBlocks(), params.verificationWindow());
    ws.putCollabRound(id, round, r);
    Bytes queue = StateKey.taskQueue(r.closeHeight());
    HashList q = (HashList) ws.get(queue);
    ws.put(queue, q == null ? new HashList(List.of(id)) : q.plus(id));
  }

  static Outcome enroll(TxContext c, Payload.EnrollTask p, CollabTask t) {
    Outcome o =
        Tasks.bondMiner(
            c,
            p,
            !t.settled() && c.height() <= t.terms().enrollDeadline(),
            t.miners().size(),
            t.terms().miners(),
            t.terms().minMinerBond());
    if (!o.ok()) {
      return o;
    }
    c.ws().putCollabTask(p.taskId(), t.withMiner(c.sender()));
    return Outcome.OK;
  }

  static Outcome commit(TxContext c, Payload.CommitContribution p) {
    CollabTask t = c.ws().collabTask(p.taskId());
    if (t == null) {
      return Outcome.UNKNOWN_TASK;
    }
    if (t.settled()) {
      return Outcome.TASK_SETTLED;
    }
    Enrollment e = c.ws().enrollment(p.taskId(), c.sender());
    if (e == null) {
      return Outcome.NOT_ENROLLED;
    }
    if (e.status() != Enrollment.Status.ENROLLED) {
      // a miner that lost its bond has left the task
      return Outcome.NOT_ENROLLED;
    }
    CollabRound r = c.ws().collabRound(p.taskId(), p.round());
    if (p.round() != t.round() || r == null || r.status() != CollabRound.Status.OPEN) {
      return Outcome.WRONG_ROUND;
    }
    if (c.height() < r.openHeight() || c.height() > r.commitDeadline()) {
      return Outcome.DEADLINE_PASSED;
    }
    if (r.contribution(c.sender()) != null) {
      return Outcome.ALREADY_COMMITTED;
    }
    c.ws()
        .putCollabRound(
            p.taskId(),
            p.round(),
            r.with(
                new CollabRound.Contribution(
                    c.sender(),
                    p.transcriptRoot(),
                    p.updateHash(),
                    p.claimedMetric(),
                    c.height(),
                    Enrollment.Status.COMMITTED,
                    List.of(),
                    Hash.ZERO,
                    List.of())));
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
   * The key committees of round {@code round} are drawn under, in the task id's place: each round
   * of a task gets committees of its own.
   */
  static Hash roundKey(Hash task, long round) {
    return Hash.of(
        Sha256.tagged(
            "pot/collab/round-key/v1",
            task.toArray(),
            network.pot.base.codec.LittleEndian.u64(round)));
  }

  /** Begin-block: seats the committees of the contributions committed in the previous block. */
  static void seat(WorkingState ws, Params p, long height, Hash beacon, Hash id, CollabTask t) {
    CollabRound r = ws.collabRound(id, t.round());
    if (r == null) {
      return;
    }
    ActiveSet set = ws.validatorSet();
    CollabRound out = r;
    for (CollabRound.Contribution c : r.contributions()) {
      if (c.status() == Enrollment.Status.COMMITTED && c.commitHeight() == height - 1) {
        List<Enrollment.Seat> seats =
            Committee.draw(set, beacon, roundKey(id, t.round()), c.miner(), p.committeeSize());
        out = out.with(c.seated(seats, beacon));
      }
    }
    ws.putCollabRound(id, t.round(), out);
  }

  static Outcome vote(TxContext c, Payload.ContributionVote p) {
    CollabTask t = c.ws().collabTask(p.taskId());
    if (t == null) {
      return Outcome.UNKNOWN_TASK;
    }
    CollabRound r = c.ws().collabRound(p.taskId(), p.round());
    if (r == null || p.round() != t.round()) {
      return Outcome.WRONG_ROUND;
    }
    if (r.status() != CollabRound.Status.OPEN || c.height() > r.closeHeight()) {
      return Outcome.VOTING_CLOSED;
    }
    CollabRound.Contribution k = r.contribution(p.miner());
    if (k == null) {
      return Outcome.NOT_ENROLLED;
    }
    if (k.status() != Enrollment.Status.COMMITTED) {
      return Outcome.NOT_PENDING;
    }
    Address voter = c.ws().actingValidator(c.sender());
    if (k.seat(voter) == null) {
      return Outcome.NOT_A_VERIFIER;
    }
    if (k.hasVoted(voter)) {
      return Outcome.ALREADY_VOTED;
    }
    if (!Tasks.voteNamesAllowedSegment(
        p.accept(), p.segment(), t.terms().localSteps() / t.terms().checkpointInterval())) {
      return Outcome.INVALID_VOTE;
    }
    Enrollment.Verdict v = new Enrollment.Verdict(voter, p.accept(), p.segment(), false);
    List<Enrollment.Verdict> all = new ArrayList<>(k.votes());
    all.add(v);
    Enrollment.Status next = Tasks.tally(k.committee(), all);
    c.ws().putCollabRound(p.taskId(), p.round(), r.with(k.withVote(v, next)));
    return Outcome.OK;
  }

  /**
   * A fraud proof about a contribution to the round under way, judged by {@code checker} until the
   * round's close height (its verdicts are final at the end of that block). A transcript wrong at
   * the segment convicts the miner: a bounty of {@code fraudBountyBps} of its bond to the sender,
   * the rest to the treasury, the contribution and the enrollment {@link
   * Enrollment.Status#FRAUDULENT} (left out of the round and of the task), and each accepting voter
   * whose sample held the segment slashed. A transcript right at the segment refutes the rejects
   * that named it: each of those voters is slashed, and the contribution is decided again without
   * them.
   */
  static Outcome fraud(TxContext c, Payload.ContributionFraudProof p, CollabChecker checker)
      throws FraudProofChecker.Unavailable {
    CollabTask t = c.ws().collabTask(p.taskId());
    if (t == null) {
      return Outcome.UNKNOWN_TASK;
    }
    CollabRound r = c.ws().collabRound(p.taskId(), p.round());
    if (r == null || p.round() != t.round()) {
      return Outcome.WRONG_ROUND;
    }
    if (r.status() != CollabRound.Status.OPEN || c.height() > r.closeHeight()) {
      return Outcome.VOTING_CLOSED;
    }
    CollabRound.Contribution k = r.contribution(p.miner());
    Enrollment e = c.ws().enrollment(p.taskId(), p.miner());
    if (k == null || e == null) {
      return Outcome.NOT_ENROLLED;
    }
    if (e.status() != Enrollment.Status.ENROLLED
        || k.status() == Enrollment.Status.FRAUDULENT
        || k.challengeSeed().equals(Hash.ZERO)) {
      return Outcome.NOTHING_TO_PROVE;
    }
    long segments = t.terms().localSteps() / t.terms().checkpointInterval();
    long atStake = RoundRewards.roundShare(t.terms().reward(), t.terms().rounds(), p.round());
    String ref = p.taskId().toHex();
    FraudProofChecker.Verdict verdict =
        checker.checkContribution(p.taskId(), t, p.round(), r, k, e, p);
    return switch (verdict) {
      case TRANSCRIPT_INVALID -> {
        long bounty = Rewards.mulDiv(e.bond(), c.params().fraudBountyBps(), 10_000);
        c.ws().credit(c.sender(), bounty);
        c.ws().toTreasury(e.bond() - bounty);
        c.ws().emit(new Event(Event.Type.FRAUD_BOUNTY, c.sender(), p.miner(), bounty, ref));
        c.ws().emit(Event.of(Event.Type.BOND_FORFEITED, p.miner(), e.bond() - bounty, ref));
        for (Enrollment.Verdict v : k.votes()) {
          if (v.accept() && vouchedFor(k, v.validator(), segments, t).contains(p.segment())) {
            Tasks.slashVoter(c, atStake, k.seat(v.validator()), k.commitHeight());
          }
        }
        c.ws().putEnrollment(p.taskId(), p.miner(), e.with(Enrollment.Status.FRAUDULENT, 0));
        c.ws()
            .putCollabRound(
                p.taskId(),
                p.round(),
                r.with(k.withVotes(k.votes(), Enrollment.Status.FRAUDULENT)));
        yield Outcome.OK;
      }
      case TRANSCRIPT_VALID -> {
        List<Enrollment.Verdict> refuted = k.refuting(p.segment());
        if (refuted.equals(k.votes())) {
          yield Outcome.NOTHING_TO_PROVE;
        }
        for (int i = 0; i < refuted.size(); i++) {
          if (refuted.get(i).refuted() && !k.votes().get(i).refuted()) {
            Tasks.slashVoter(c, atStake, k.seat(refuted.get(i).validator()), k.commitHeight());
          }
        }
        c.ws()
            .putCollabRound(
                p.taskId(),
                p.round(),
                r.with(k.withVotes(refuted, Tasks.tally(k.committee(), refuted))));
        yield Outcome.OK;
      }
      case NOT_A_PROOF -> Outcome.INVALID_FRAUD_PROOF;
    };
  }

  /**
   * The segments a verifier of contribution {@code k} re-executed: its random sample, the final
   * evaluation, and the first and last segments, which every contribution's check includes (they
   * tie the update to {@code G_r} and to the committed result).
   */
  private static java.util.Set<Integer> vouchedFor(
      CollabRound.Contribution k, Address validator, long segments, CollabTask t) {
    java.util.Set<Integer> held =
        new java.util.HashSet<>(
            Tasks.challengedBy(k.challengeSeed(), validator, segments, t.terms().sampleSize()));
    held.add(0);
    held.add((int) Math.min(segments - 1, Integer.MAX_VALUE));
    return held;
  }

  /**
   * End of a round's close height: verdicts final, missing and rejected miners lose their bonds,
   * the round's share paid or refunded. Then the round waits for {@link Payload.CloseRound}.
   */
  static void closeRound(WorkingState ws, Params p, Hash id, CollabTask t) {
    int index = t.round();
    CollabRound r = ws.collabRound(id, index);
    if (r == null || r.status() != CollabRound.Status.OPEN) {
      return;
    }
    String ref = id.toHex();
    List<Address> accepted = new ArrayList<>();
    for (Address m : t.miners()) {
      Enrollment e = ws.enrollment(id, m);
      if (e.status() != Enrollment.Status.ENROLLED) {
        continue; // left the task in an earlier round
      }
      CollabRound.Contribution k = r.contribution(m);
      if (k == null || k.status() == Enrollment.Status.REJECTED) {
        // a slot held and no verified work: the bond is lost, as for a competitive task
        ws.toTreasury(e.bond());
        if (e.bond() > 0) {
          ws.emit(Event.of(Event.Type.BOND_FORFEITED, m, e.bond(), ref));
        }
        ws.putEnrollment(id, m, e.with(Enrollment.Status.REJECTED, 0));
      } else if (k.status() == Enrollment.Status.ACCEPTED) {
        accepted.add(m);
      }
    }
    long share = RoundRewards.roundShare(t.terms().reward(), t.terms().rounds(), index);
    boolean dataFee = false;
    if (accepted.size() >= t.terms().quorum() && share > 0) {
      Dataset d = ws.dataset(t.terms().datasetId());
      long fee = t.dataFeePaid() ? 0 : Math.min(d.feePerUse(), share);
      dataFee = true;
      long protocolFee = Rewards.protocolFee(p, share, fee);
      ws.credit(d.owner(), fee);
      if (fee > 0) {
        ws.put(StateKey.dataset(t.terms().datasetId()), d.used(fee));
        ws.emit(Event.of(Event.Type.DATASET_FEE, d.owner(), fee, ref));
      }
      ws.toTreasury(protocolFee);
      ws.emit(Event.of(Event.Type.PROTOCOL_FEE, null, protocolFee, ref));
      pay(ws, t, accepted, Math.subtractExact(share, Math.addExact(fee, protocolFee)), ref);
      credit(ws, t, accepted, protocolFee);
    } else if (share > 0) {
      ws.credit(t.publisher(), share);
      ws.emit(Event.of(Event.Type.REFUND, t.publisher(), share, ref));
    }
    ws.putCollabTask(id, t.paid(share, dataFee));
    ws.putCollabRound(id, index, r.aggregating(accepted));
  }

  private static List<RoundRewards.Credit> credits(CollabTask t, List<Address> miners) {
    List<RoundRewards.Credit> out = new ArrayList<>();
    for (Address m : miners) {
      out.add(new RoundRewards.Credit(m.toArray(), t.terms().localSteps()));
    }
    return out;
  }

  private static Map<Bytes, Address> byId(List<Address> miners) {
    Map<Bytes, Address> out = new HashMap<>();
    for (Address m : miners) {
      out.put(Bytes.wrap(m.toArray()), m);
    }
    return out;
  }

  private static void pay(
      WorkingState ws, CollabTask t, List<Address> accepted, long amount, String ref) {
    Map<Bytes, Address> byId = byId(accepted);
    for (RoundRewards.Payout pay : RoundRewards.split(amount, credits(t, accepted))) {
      Address m = byId.get(Bytes.wrap(pay.minerId()));
      ws.credit(m, pay.amount());
      if (pay.amount() > 0) {
        ws.emit(Event.of(Event.Type.PAYOUT, m, pay.amount(), ref));
      }
    }
  }

  /**
   * Credits the accepted miners' verified work for emission, backed by the protocol fee the round
   * paid, split as the reward is: what they can take from the miner pool for this round is at most
   * what it paid the treasury.
   */
  private static void credit(
      WorkingState ws, CollabTask t, List<Address> accepted, long protocolFee) {
    long units =
        java.math.BigInteger.valueOf(t.terms().localSteps())
            .multiply(java.math.BigInteger.valueOf(t.terms().flopsPerStep()))
            .min(java.math.BigInteger.valueOf(Long.MAX_VALUE))
            .longValue();
    Map<Bytes, Address> byId = byId(accepted);
    for (RoundRewards.Payout b : RoundRewards.split(protocolFee, credits(t, accepted))) {
      ws.putGlobals(ws.globals().plusWork(byId.get(Bytes.wrap(b.minerId())), units, b.amount()));
    }
  }

  /**
   * Records {@code G_{r+1}} once this node has recomputed it, and opens the next round from it at
   * the next height, or settles the task after its last round.
   */
  static Outcome close(TxContext c, Payload.CloseRound p, CollabChecker checker)
      throws FraudProofChecker.Unavailable {
    CollabTask t = c.ws().collabTask(p.taskId());
    if (t == null) {
      return Outcome.UNKNOWN_TASK;
    }
    if (t.settled()) {
      return Outcome.TASK_SETTLED;
    }
    CollabRound r = c.ws().collabRound(p.taskId(), p.round());
    if (r == null || p.round() != t.round() || r.status() != CollabRound.Status.AGGREGATING) {
      return Outcome.WRONG_ROUND;
    }
    Payload.ModelHashes want = checker.next(p.taskId(), t, p.round(), r);
    if (!want.equals(p.next())) {
      return Outcome.WRONG_MODEL;
    }
    c.ws().putCollabRound(p.taskId(), p.round(), r.closed(want));
    int next = p.round() + 1;
    if (next < t.terms().rounds()) {
      openRound(
          c.ws(), c.params(), p.taskId(), t.terms(), next, want, Math.addExact(c.height(), 1));
      c.ws().putCollabTask(p.taskId(), t.inRound(next));
      return Outcome.OK;
    }
    settle(c.ws(), p.taskId(), t.inRound(next));
    return Outcome.OK;
  }

  /** After the last round: bonds back to the miners still in the task, any escrow left refunded. */
  private static void settle(WorkingState ws, Hash id, CollabTask t) {
    String ref = id.toHex();
    for (Address m : t.miners()) {
      Enrollment e = ws.enrollment(id, m);
      if (e.bond() > 0) {
        ws.credit(m, e.bond());
        ws.emit(Event.of(Event.Type.BOND_RETURNED, m, e.bond(), ref));
      }
      ws.putEnrollment(id, m, e.with(e.status(), 0));
    }
    if (t.escrow() > 0) {
      ws.credit(t.publisher(), t.escrow());
      ws.emit(Event.of(Event.Type.REFUND, t.publisher(), t.escrow(), ref));
    }
    ws.putCollabTask(id, t.settle());
  }
}

package network.pot.node.work;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Task;
import network.pot.chain.tx.Payload;
import network.pot.node.ledger.Mempool;
import network.pot.node.ledger.TaskIndex;
import network.pot.node.net.Artifacts;
import network.pot.node.net.TxGateway;
import network.pot.proof.Reason;
import network.pot.proof.Verdict;
import network.pot.proof.Verifier;
import network.pot.tensor.Parallel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committee duty: for every committed proof whose committee seats this node's validator, fetch the
 * miner's transcript and the challenged checkpoints over p2p, re-execute the challenged segments
 * bit for bit with the proof module's {@link Verifier}, evaluate the final model, and put the
 * signed verdict on chain as a verification vote.
 *
 * <p>Availability: a transcript or checkpoint that cannot be fetched is retried on later blocks;
 * once {@link #MAX_ATTEMPTS} passes have failed (or the voting window is about to close), the proof
 * counts as unavailable and the vote rejects it, since withheld evidence cannot be checked.
 */
public final class VerifierWorker extends Worker {
  private static final Logger STATUS = LoggerFactory.getLogger("pot.status");
  private static final Logger LOG = LoggerFactory.getLogger(VerifierWorker.class);
  static final int MAX_ATTEMPTS = 5;

  private record Duty(Hash task, Address miner) {}

  private final KeyPair key;
  private final TaskIndex tasks;
  private final TxGateway gateway;
  private final Artifacts artifacts;
  private final Datasets datasets;
  private final int threads;
  private final Set<Duty> done = new HashSet<>();
  private final Map<Duty, Integer> attempts = new HashMap<>();
  private final Map<Duty, Vote> verdicts = new HashMap<>();
  private final AtomicLong verified = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong stepsReexecuted = new AtomicLong();
  private final AtomicLong verifyMillis = new AtomicLong();

  public VerifierWorker(WorkerContext ctx, int threads) {
    super(ctx.node() + "-verifier", ctx.app());
    this.key = ctx.key();
    this.tasks = ctx.tasks();
    this.gateway = ctx.gateway();
    this.artifacts = ctx.artifacts();
    this.datasets = ctx.datasets();
    this.threads = threads;
  }

  @Override
  protected void work(LedgerState state) throws IOException {
    // the validator this node verifies for: its own, or the one whose separate consensus key it
    // holds
    Address me = state.actingValidator(Address.of(key));
    for (Hash id : tasks.ids()) {
      Task t = state.task(id);
      if (t == null || t.settled() || state.height() >= t.settlementHeight(state.params())) {
        continue;
      }
      for (Address miner : t.miners()) {
        Duty d = new Duty(id, miner);
        Enrollment e = state.enrollment(id, miner);
        if (done.contains(d)
            || e == null
            || e.status() != Enrollment.Status.COMMITTED
            || e.seat(me) == null
            || e.hasVoted(me)) {
          continue;
        }
        Optional<Vote> verdict =
            verdicts.containsKey(d) ? Optional.of(verdicts.get(d)) : verify(id, t, miner, e, me);
        int tries = attempts.merge(d, 1, Integer::sum);
        boolean closing = state.height() + 2 >= t.settlementHeight(state.params());
        if (verdict.isEmpty() && tries < MAX_ATTEMPTS && !closing) {
          continue;
        }
        // inputs that never came are a reject no re-execution can refute (no segment named)
        Vote vote = verdict.orElse(Vote.REJECT_UNSHOWN);
        boolean accept = vote.accept();
        Mempool.Admission sent =
            gateway.send(
                key,
                state.params().minFee(),
                new Payload.VerificationVote(id, miner, accept, vote.segment()));
        if (!sent.admitted()) {
          // a full pool, or a nonce race with a transaction sent from outside this node: the
          // verdict is kept and the vote sent on a later pass
          LOG.info("{} task {} miner {}: vote not admitted ({})", name(), id, miner, sent);
          verdicts.put(d, vote);
          continue;
        }
        done.add(d);
        verdicts.remove(d);
        (accept ? accepted : rejected).incrementAndGet();
        if (accept) {
          keepFinalCheckpoint(id, t, miner, e);
        }
      }
    }
  }

  /**
   * After an accept, keeps a copy of the proof's final checkpoint (the model this node vouched for)
   * and so serves it on, should the model win: the task's publisher then fetches it from the miner
   * or from any verifier that accepted ({@link WinningModels}). A copy that cannot be had now is
   * not retried; the miner still serves it.
   */
  private void keepFinalCheckpoint(Hash id, Task t, Address miner, Enrollment e) {
    try {
      WinningModels.Result r = WinningModels.fetch(artifacts, t, e);
      if (r.checkpoint() == null) {
        LOG.debug("{} task {} miner {}: no copy of the final {}", name(), id, miner, r.missing());
      }
    } catch (IOException ex) {
      LOG.debug("{} task {} miner {}: cannot keep the final checkpoint", name(), id, miner, ex);
    }
  }

  /**
   * A verifier's vote: accept, or reject naming the first segment whose re-execution failed (the
   * final model's, or none when the failure is not one a re-execution shows).
   */
  record Vote(boolean accept, int segment) {
    static final Vote ACCEPT = new Vote(true, Payload.VerificationVote.NO_SEGMENT);
    static final Vote REJECT_UNSHOWN = new Vote(false, Payload.VerificationVote.NO_SEGMENT);

    /** The vote on a verdict of the proof verifier. */
    static Vote of(Verdict v) {
      if (v.valid()) {
        return ACCEPT;
      }
      for (Verdict.Failure f : v.failures()) {
        if (f.reason().provable()) {
          // the proof module's FINAL is the chain's FINAL (-1)
          return new Vote(false, f.segment());
        }
      }
      return REJECT_UNSHOWN;
    }
  }

  /** The vote once checked; empty when the inputs could not be fetched (yet). */
  private Optional<Vote> verify(Hash id, Task t, Address miner, Enrollment e, Address me)
      throws IOException {
    ProofInputs.Result got = ProofInputs.gather(id, t, miner, e, artifacts, datasets);
    if (got.lack() == ProofInputs.Lack.UNSOUND) {
      return Optional.of(Vote.REJECT_UNSHOWN);
    }
    if (got.inputs() == null) {
      LOG.debug("{} task {} miner {}: inputs not fetched yet", name(), id, miner);
      return Optional.empty();
    }
    ProofInputs in = got.inputs();
    Optional<byte[]> randomness = ChallengeSeed.of(app(), e);
    if (randomness.isEmpty()) {
      return Optional.empty();
    }
    long t0 = System.nanoTime();
    Verdict v;
    try (Parallel par = Parallel.of(threads)) {
      v =
          new Verifier(in.spec(), in.data(), par)
              .verify(
                  in.commitment(),
                  artifacts,
                  in.transcript(),
                  randomness.get(),
                  me.toArray(),
                  in.spec().samples());
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    verifyMillis.addAndGet(ms);
    verified.incrementAndGet();
    stepsReexecuted.addAndGet(v.stepsReexecuted());
    if (!v.valid() && v.reasons().stream().noneMatch(Reason::provable)) {
      // a missing blob is not proof of fraud; it may still arrive
      LOG.info("{} task {} miner {}: inputs missing ({})", name(), id, miner, v.reasons());
      return Optional.empty();
    }
    STATUS.info(
        "{} verified task {} miner {}: {} in {} ms ({} steps re-executed){}",
        name(),
        id.toHex().substring(0, 12),
        miner.toString().substring(0, 12),
        v.valid() ? "valid" : "INVALID",
        ms,
        v.stepsReexecuted(),
        v.valid() ? "" : " " + v.reasons());
    return Optional.of(Vote.of(v));
  }

  @Override
  public Map<String, Long> counts() {
    return Map.of(
        "verifier_checked", verified.get(),
        "verifier_accepted", accepted.get(),
        "verifier_rejected", rejected.get(),
        "verifier_steps", stepsReexecuted.get(),
        "verifier_ms", verifyMillis.get());
  }
}

package network.pot.node.ledger;

import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.Task;
import network.pot.chain.tx.Payload;

/**
 * Runs fraud-proof checks off the consensus thread. The state machine asks for a verdict while it
 * applies a block; the first time it asks about a proof, this checker starts the check on its own
 * thread and answers {@link FraudProofChecker.Unavailable} at once, so the caller goes on: a
 * proposer leaves the proof out of its block for now, a validator prevotes against a proposal
 * holding it (the round moves on), and both find the verdict ready a block or a round later. A
 * proposal or a block being built thus starts the checks (and the fetches of their inputs) of the
 * proofs it carries ahead of the block that applies them, and the consensus thread never waits on
 * the network or on re-execution; only a node that applies a finalized block it never checked
 * waits, for the check it starts then.
 *
 * <p>A verdict is a function of the proof and the enrollment's committed transcript (root,
 * enrollment hash, model and metric, all fixed once the miner commits) and the task's terms, so it
 * is kept under a key over those and reused. A check that could not get its inputs is forgotten,
 * and the next request starts it again. At most {@code maxPending} checks wait to run; beyond that
 * a proof is left out until the queue drains, which bounds what a flood of proofs can cost a node.
 */
public final class BackgroundFraudChecker implements FraudProofChecker, AutoCloseable {
  /** Verdicts kept after they are known (the oldest go first). */
  private static final int KEEP = 4_096;

  private final FraudProofChecker inner;
  private final BackgroundWork work;

  /**
   * @param inner the checker that does the work (re-execution, fetching inputs)
   * @param maxPending most checks waiting to run
   */
  public BackgroundFraudChecker(FraudProofChecker inner, int maxPending) {
    this.inner = inner;
    this.work = new BackgroundWork("fraud-check", "the fraud-proof check", maxPending, KEEP);
  }

  @Override
  public Verdict check(Task task, Enrollment enrollment, Payload.FraudProof proof)
      throws Unavailable {
    return work.answer(key(task, enrollment, proof), () -> inner.check(task, enrollment, proof));
  }

  /** Fraud-proof checks started and not finished yet. */
  public int pending() {
    return work.pending();
  }

  /** Whether a verdict about {@code proof} is known already (for tests and metrics). */
  public boolean known(Task task, Enrollment enrollment, Payload.FraudProof proof) {
    return work.known(key(task, enrollment, proof));
  }

  /** What a verdict depends on: the proof, the committed transcript, and the task's terms. */
  private static Hash key(Task task, Enrollment e, Payload.FraudProof proof) {
    Writer w = new Writer(256);
    proof.encode(w);
    w.raw(e.transcriptRoot().unsafeArray())
        .raw(e.enrollHash().unsafeArray())
        .raw(e.modelHash().unsafeArray())
        .u64(e.claimedMetric());
    task.terms().encode(w);
    return Hash.sha256(w.toByteArray());
  }

  @Override
  public void close() {
    work.close();
  }
}

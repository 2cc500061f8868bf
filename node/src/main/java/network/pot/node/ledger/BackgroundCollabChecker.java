package network.pot.node.ledger;

import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.chain.state.CollabChecker;
import network.pot.chain.state.CollabRound;
import network.pot.chain.state.CollabTask;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.FraudProofChecker.Unavailable;
import network.pot.chain.tx.Payload;

/**
 * Runs a collaborative checker off the consensus thread, as {@link BackgroundFraudChecker} does
 * fraud-proof checks: the first request for an answer starts the work (fetching the spec, the
 * models and the updates, aggregating) on a thread of its own and throws {@link Unavailable} at
 * once; the proposer leaves the transaction out for now, and a block or a round later the answer is
 * ready. An answer depends only on what the key covers (the task's terms, the round's record), so
 * it is kept and reused; a failed one is forgotten and started again on the next request.
 */
public final class BackgroundCollabChecker implements CollabChecker, AutoCloseable {
  /** Answers kept after they are known (the oldest go first). */
  private static final int KEEP = 1_024;

  private final CollabChecker inner;
  private final BackgroundWork work;

  /**
   * @param inner the checker that does the work
   * @param maxPending most checks waiting to run
   */
  public BackgroundCollabChecker(CollabChecker inner, int maxPending) {
    this.inner = inner;
    this.work = new BackgroundWork("collab-check", "the collaborative check", maxPending, KEEP);
  }

  @Override
  public SpecCheck checkSpec(Hash taskId, Payload.PublishCollabTask terms) throws Unavailable {
    Writer w = new Writer(512).string("spec").raw(taskId.unsafeArray());
    terms.encode(w);
    return work.answer(Hash.sha256(w.toByteArray()), () -> inner.checkSpec(taskId, terms));
  }

  @Override
  public Payload.ModelHashes next(Hash taskId, CollabTask task, int roundIndex, CollabRound round)
      throws Unavailable {
    Writer w = new Writer(1024).string("next").raw(taskId.unsafeArray()).u32(roundIndex);
    task.terms().encode(w);
    round.encode(w);
    return work.answer(
        Hash.sha256(w.toByteArray()), () -> inner.next(taskId, task, roundIndex, round));
  }

  @Override
  public FraudProofChecker.Verdict checkContribution(
      Hash taskId,
      CollabTask task,
      int roundIndex,
      CollabRound round,
      CollabRound.Contribution contribution,
      Enrollment enrollment,
      Payload.ContributionFraudProof proof)
      throws Unavailable {
    Writer w = new Writer(1024).string("fraud").raw(taskId.unsafeArray()).u32(roundIndex);
    task.terms().encode(w);
    round.encode(w);
    enrollment.encode(w);
    proof.encode(w);
    return work.answer(
        Hash.sha256(w.toByteArray()),
        () ->
            inner.checkContribution(
                taskId, task, roundIndex, round, contribution, enrollment, proof));
  }

  /** Checks started and not finished yet. */
  public int pending() {
    return work.pending();
  }

  @Override
  public void close() {
    work.close();
  }
}

package network.pot.chain.state;

import network.pot.chain.tx.Payload;

/**
 * Judges a fraud proof against a miner's committed transcript by re-executing the segment it names.
 * The ledger only needs the verdict; the proof-of-training layer implements it.
 *
 * <p>The verdict must be a function of the chain and the proof alone: every node must reach the
 * same one. A checker that cannot obtain what it needs (the task spec, the dataset, a checkpoint)
 * must not guess: it throws {@link Unavailable}, the block fails to apply on this node for now, and
 * the node tries again once the inputs can be fetched.
 */
@FunctionalInterface
public interface FraudProofChecker {
  /** What a fraud proof establishes. */
  enum Verdict {
    /** The miner's transcript is wrong at the segment: the miner cheated. */
    TRANSCRIPT_INVALID,
    /** The miner's transcript is right at the segment: votes that rejected it were wrong. */
    TRANSCRIPT_VALID,
    /** The evidence does not establish anything (malformed, wrong segment, wrong transcript). */
    NOT_A_PROOF
  }

  /** The inputs of a check cannot be obtained right now; the verdict is unknown, not negative. */
  final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message) {
      super(message);
    }

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Checks {@code proof} (which names the task and miner) against the task and the miner's
   * committed enrollment.
   */
  Verdict check(Task task, Enrollment enrollment, Payload.FraudProof proof) throws Unavailable;

  /**
   * The checker of a node without a proof verifier: it establishes nothing, so every fraud proof is
   * refused rather than trusted.
   */
  FraudProofChecker NONE = (task, enrollment, proof) -> Verdict.NOT_A_PROOF;
}

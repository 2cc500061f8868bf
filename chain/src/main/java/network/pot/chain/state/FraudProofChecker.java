package network.pot.chain.state;

import network.pot.chain.codec.Bytes;

/**
 * Judges a fraud proof against a miner's committed transcript by re-executing the segment it names.
 * The ledger only needs the verdict; the proof-of-training module implements it.
 */
@FunctionalInterface
public interface FraudProofChecker {
  /** What a fraud proof establishes. */
  enum Verdict {
    /** The miner's transcript is wrong at the segment: the miner cheated. */
    TRANSCRIPT_INVALID,
    /** The miner's transcript is right at the segment: votes that rejected it were wrong. */
    TRANSCRIPT_VALID,
    /** The evidence does not establish anything (malformed, wrong segment, wrong task). */
    NOT_A_PROOF
  }

  Verdict check(Task task, Enrollment enrollment, int segment, Bytes evidence);

  /**
   * The checker of a node without a proof verifier: it establishes nothing, so every fraud proof is
   * refused rather than trusted.
   */
  FraudProofChecker NONE = (task, enrollment, segment, evidence) -> Verdict.NOT_A_PROOF;
}

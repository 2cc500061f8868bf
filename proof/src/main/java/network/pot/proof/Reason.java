package network.pot.proof;

/** Why a verifier rejects a proof. Each names the first check that failed, not a guess. */
public enum Reason {
  /** The commitment names another task id. */
  WRONG_TASK(false),
  /** The commitment's checkpoint count is not T/k + 1. */
  TRANSCRIPT_LENGTH(false),
  /** The prover did not answer with the opening of a challenged leaf. */
  MISSING_OPENING(false),
  /** An opening does not lead to the committed Merkle root. */
  BAD_MERKLE_PROOF(false),
  /** No blob is stored under a challenged leaf's state hash. */
  MISSING_BLOB(false),
  /**
   * The blob fetched for a leaf does not hash to its address (truncated, damaged or another blob):
   * a bad copy, which says nothing about the miner until no source has a good one.
   */
  CORRUPT_BLOB(false),
  /** The blob hashes to its leaf but is not a valid checkpoint of this task's model. */
  MALFORMED_CHECKPOINT(true),
  /** A checkpoint's keys are not the ones the binding derives for this miner and enrollment. */
  BINDING_MISMATCH(true),
  /** A checkpoint's model, optimizer, hyper-parameters or batch differ from the task's. */
  PARAMETER_MISMATCH(true),
  /** A checkpoint's step counter (or optimizer update count) is not its position times k. */
  STEP_MISMATCH(true),
  /** Leaf 0 is not the initial state the binding determines. */
  INITIAL_STATE_MISMATCH(true),
  /** Re-executing the segment's k steps does not give the next leaf's state, bit for bit. */
  SEGMENT_MISMATCH(true),
  /** The final checkpoint's model is not the committed model hash. */
  MODEL_HASH_MISMATCH(true),
  /** Evaluating the final model does not give the claimed count of correct test predictions. */
  METRIC_MISMATCH(true);

  private final boolean provable;

  Reason(boolean provable) {
    this.provable = provable;
  }

  /**
   * Whether anyone holding the blobs can check this failure from a {@link FraudProof}. Withheld or
   * forged answers are not provable that way: they are the prover failing to respond.
   */
  public boolean provable() {
    return provable;
  }
}

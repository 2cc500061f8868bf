package network.pot.chain.state;

/**
 * The result of executing one transaction: {@link #OK}, or why it was rejected. A rejected
 * transaction changes no state at all (no fee, no nonce).
 */
public enum Outcome {
  OK,
  // envelope
  BAD_SIGNATURE,
  WRONG_CHAIN,
  BAD_NONCE,
  FEE_TOO_LOW,
  INSUFFICIENT_FUNDS,
  INVALID_AMOUNT,
  AMOUNT_OVERFLOW,
  // staking
  UNKNOWN_VALIDATOR,
  VALIDATOR_EXISTS,
  NOT_A_VALIDATOR,
  SELF_BOND_TOO_LOW,
  INVALID_COMMISSION,
  NO_DELEGATION,
  INSUFFICIENT_DELEGATION,
  AMOUNT_TOO_SMALL,
  SAME_VALIDATOR,
  VALIDATOR_TOMBSTONED,
  NOT_JAILED,
  STILL_JAILED,
  // evidence
  INVALID_EVIDENCE,
  EVIDENCE_TOO_OLD,
  DUPLICATE_EVIDENCE,
  // datasets and tasks
  DATASET_EXISTS,
  UNKNOWN_DATASET,
  INVALID_TASK,
  DEADLINE_PASSED,
  UNKNOWN_TASK,
  TASK_SETTLED,
  ALREADY_ENROLLED,
  TASK_FULL,
  BOND_TOO_LOW,
  NOT_ENROLLED,
  ALREADY_COMMITTED,
  NOT_A_VERIFIER,
  NOT_PENDING,
  ALREADY_VOTED,
  VOTING_CLOSED,
  INVALID_FRAUD_PROOF,
  NOTHING_TO_PROVE,
  // governance
  INVALID_PROPOSAL,
  UNKNOWN_PROPOSAL,
  NOT_IN_DEPOSIT_PERIOD,
  NOT_IN_VOTING_PERIOD,
  NO_VOTING_POWER,
  // tasks (appended: outcomes are stored by their position)
  TASK_OUT_OF_BOUNDS,
  INVALID_VOTE,
  // staking (appended)
  CONSENSUS_KEY_IN_USE,
  // collaborative tasks (appended)
  /** The transaction names a round that is not the one it acts on (not open, or not closing). */
  WRONG_ROUND,
  /** The claimed global model is not what aggregating the round gives, or the spec's G_0. */
  WRONG_MODEL,
  /** The task's spec, as the validators read it, does not match the published terms. */
  SPEC_MISMATCH;

  public boolean ok() {
    return this == OK;
  }
}

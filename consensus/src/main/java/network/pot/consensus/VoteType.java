package network.pot.consensus;

/** The two voting steps of a round. */
public enum VoteType {
  /** First vote: "this proposal is valid and I am not locked on something else". */
  PREVOTE,
  /** Second vote: "I saw a quorum of prevotes for this block and locked on it". */
  PRECOMMIT
}

package network.pot.consensus;

/** Why an incoming message was not used. Expected in a hostile network; never an exception. */
public enum Rejection {
  OVERSIZE,
  MALFORMED,
  OLD_HEIGHT,
  FUTURE_HEIGHT,
  BUFFER_FULL,
  ROUND_TOO_FAR,
  UNKNOWN_VALIDATOR,
  NOT_PROPOSER,
  BAD_SIGNATURE,
  DUPLICATE,
  CONFLICTING_PROPOSAL,
  BAD_CERTIFICATE,
  INVALID_BLOCK,
  RATE_LIMITED
}

package network.pot.chain.state;

/** A block that cannot be applied to a state at all (wrong height, parent, root...). */
public final class InvalidBlockException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the block. */
  public enum Reason {
    WRONG_CHAIN,
    WRONG_HEIGHT,
    WRONG_PARENT,
    WRONG_STATE_ROOT,
    WRONG_TX_ROOT,
    PROPOSER_NOT_VALIDATOR,
    TIME_BEFORE_PARENT,
    TOO_MANY_TXS,
    TX_TOO_LARGE
  }

  private final Reason reason;

  public InvalidBlockException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

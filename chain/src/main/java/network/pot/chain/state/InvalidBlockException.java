package network.pot.chain.state;

/**
 * A block that cannot be applied to a state: it is wrong (height, parent, root...), or, when {@link
 * #retryable()}, this node cannot evaluate it yet because inputs it depends on are not at hand.
 */
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
    TX_TOO_LARGE,
    /** The header's reveal is not the next value of its proposer's reveal chain. */
    WRONG_REVEAL,
    /**
     * A transaction needs inputs this node cannot obtain now (a fraud proof's checkpoints): the
     * block is not known to be wrong, and applying it again later may succeed.
     */
    INPUTS_UNAVAILABLE
  }

  private final Reason reason;

  public InvalidBlockException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public InvalidBlockException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** True when the block is not known to be wrong and may apply on a later attempt. */
  public boolean retryable() {
    return reason == Reason.INPUTS_UNAVAILABLE;
  }
}

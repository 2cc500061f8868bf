package network.pot.p2p.wire;

/** A peer sent bytes that do not decode as a message: the peer is penalized, never trusted. */
public final class MalformedMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message);
  }
}

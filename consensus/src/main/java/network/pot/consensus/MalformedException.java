package network.pot.consensus;

/** Bytes that are not a canonical encoding. Caught at the boundary and turned into a rejection. */
public final class MalformedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** With a description of what was wrong. */
  public MalformedException(String message) {
    super(message);
  }
}

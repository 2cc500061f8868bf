package network.pot.chain.store;

/** The storage engine failed (disk error, corruption): the node cannot go on safely. */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}

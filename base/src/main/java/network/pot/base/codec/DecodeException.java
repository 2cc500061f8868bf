package network.pot.base.codec;

/**
 * Input that is not the canonical encoding of a value. Decoders throw only this type, whatever the
 * bytes: it carries a {@link Reason} that callers can act on.
 */
public final class DecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the bytes were refused. */
  public enum Reason {
    /** The input ended in the middle of a value. */
    TRUNCATED,
    /** Bytes remain after a complete value. */
    TRAILING_BYTES,
    /** A type or variant tag that this version does not know. */
    UNKNOWN_TAG,
    /** A length or count above the field's limit. */
    OVERSIZE,
    /** A value with more than one encoding was not in its single canonical form. */
    NON_CANONICAL,
    /** A well-formed field whose value is out of range (a negative amount, a bad key). */
    INVALID_VALUE
  }

  private final Reason reason;

  public DecodeException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

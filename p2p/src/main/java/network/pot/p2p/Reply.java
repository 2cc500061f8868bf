package network.pot.p2p;

import network.pot.p2p.wire.Message;

/** The answer to a request: a status and, for {@link Message.Status#OK}, a body. */
public record Reply(
    Message.Status status,
    // an opaque body passed along without copying; replies are never compared by value
    @SuppressWarnings("ArrayRecordComponent") byte[] body) {
  private static final byte[] EMPTY = new byte[0];

  public static Reply ok(byte[] body) {
    return new Reply(Message.Status.OK, body);
  }

  public static Reply notFound() {
    return new Reply(Message.Status.NOT_FOUND, EMPTY);
  }

  public static Reply badRequest() {
    return new Reply(Message.Status.BAD_REQUEST, EMPTY);
  }

  public boolean isOk() {
    return status == Message.Status.OK;
  }
}

package network.pot.p2p.wire;

/**
 * What travels inside an authenticated, encrypted frame. The p2p layer knows four shapes; the bytes
 * inside are opaque to it and belong to the protocol or topic named by a number.
 */
public sealed interface Message {
  /** A gossiped payload on a topic: relayed to other peers when the topic's handler accepts it. */
  record Gossip(
      int topic,
      // an opaque body passed along without copying; messages are never compared by value
      @SuppressWarnings("ArrayRecordComponent") byte[] payload)
      implements Message {}

  /** A one-way message for the receiving peer only (never relayed), e.g. a head announcement. */
  record Direct(
      int protocol,
      // an opaque body passed along without copying; messages are never compared by value
      @SuppressWarnings("ArrayRecordComponent") byte[] body)
      implements Message {}

  /** A request to a protocol's handler; answered by one {@link Response} with the same id. */
  record Request(
      long id,
      int protocol,
      // an opaque body passed along without copying; messages are never compared by value
      @SuppressWarnings("ArrayRecordComponent") byte[] body)
      implements Message {}

  /** The answer to a {@link Request}. */
  record Response(
      long id,
      Status status,
      // an opaque body passed along without copying; messages are never compared by value
      @SuppressWarnings("ArrayRecordComponent") byte[] body)
      implements Message {}

  /** Outcome of a request. */
  enum Status {
    OK,
    NOT_FOUND,
    /** The request was malformed or the protocol unknown. */
    BAD_REQUEST
  }
}

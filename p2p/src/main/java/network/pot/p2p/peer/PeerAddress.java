package network.pot.p2p.peer;

import java.net.InetSocketAddress;
import java.util.Optional;
import network.pot.p2p.crypto.NodeId;

/**
 * A peer's address as operators write it, {@code [ID@]HOST:PORT}: with the node id, the peer must
 * prove that key in the handshake.
 */
public record PeerAddress(Optional<NodeId> id, InetSocketAddress address) {
  /** Parses {@code text}; a bad one fails naming {@code key} (the option or config key). */
  public static PeerAddress parse(String key, String text) {
    int at = text.indexOf('@');
    Optional<NodeId> id = Optional.empty();
    if (at >= 0) {
      try {
        id = Optional.of(NodeId.fromHex(text.substring(0, at)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            key + ": bad node id in '" + text + "' (64 hex digits, as pot init prints)", e);
      }
    }
    return new PeerAddress(id, hostPort(key, text.substring(at + 1)));
  }

  /** Parses {@code HOST:PORT}; a bad one fails naming {@code key}. */
  public static InetSocketAddress hostPort(String key, String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(key + ": expected host:port, got '" + text + "'");
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(text.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": bad port in '" + text + "'", e);
    }
  }
}

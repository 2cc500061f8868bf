package network.pot.consensus;

/**
 * How a consensus node reaches its peers: fire-and-forget sends of encoded messages. Peers are
 * numbered by the transport (not by validator index, which changes per epoch). Delivery may be
 * late, duplicated, reordered or lost; consensus tolerates all of it.
 */
public interface Network {
  /** Sends {@code message} to every other node. */
  void broadcast(byte[] message);

  /** Sends {@code message} to peer {@code peer}. */
  void send(int peer, byte[] message);

  /**
   * Forwards {@code message}, received from peer {@code from}, to the other peers. By default to
   * every peer: a transport that knows its peers leaves out the sender.
   */
  default void relay(int from, byte[] message) {
    broadcast(message);
  }
}

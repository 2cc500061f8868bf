package network.pot.p2p;

import network.pot.p2p.crypto.NodeId;

/** Told when an authenticated peer connects or disconnects (e.g. so sync can greet it). */
public interface PeerListener {
  void connected(NodeId peer);

  default void disconnected(NodeId peer) {}
}

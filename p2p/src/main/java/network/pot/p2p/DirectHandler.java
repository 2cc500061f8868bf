package network.pot.p2p;

import network.pot.p2p.crypto.NodeId;

/**
 * Receives one-way messages of one protocol sent to this node only (never relayed), such as a peer
 * announcing its chain head. Runs on a network thread: keep it quick. Returning false marks the
 * message invalid and penalizes the peer.
 */
@FunctionalInterface
public interface DirectHandler {
  boolean onMessage(NodeId from, byte[] body);
}

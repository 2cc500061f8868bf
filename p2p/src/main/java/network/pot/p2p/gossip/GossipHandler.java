package network.pot.p2p.gossip;

import network.pot.p2p.crypto.NodeId;

/**
 * Receives the gossip of one topic (transactions, proposals, votes...). Called once per distinct
 * message, on a network thread: it must be quick and hand heavy work to another thread. Its verdict
 * decides whether the message is relayed and whether the sender is penalized.
 */
@FunctionalInterface
public interface GossipHandler {
  Validation onMessage(NodeId from, byte[] payload);
}

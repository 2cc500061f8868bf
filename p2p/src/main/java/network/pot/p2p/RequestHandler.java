package network.pot.p2p;

import network.pot.p2p.crypto.NodeId;

/**
 * Answers the requests of one protocol (block ranges, blob chunks...). Runs on a worker thread, not
 * the network thread, so it may read from disk. A {@link Reply#badRequest()} answer penalizes the
 * requesting peer.
 */
@FunctionalInterface
public interface RequestHandler {
  Reply handle(NodeId from, byte[] body);
}

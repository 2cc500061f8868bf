/** Gossip: topic handlers, their verdicts, and the dedup cache of message hashes. */
package network.pot.p2p.gossip;

/**
 * The peer-to-peer layer of a PoT node: authenticated, encrypted TCP connections between nodes
 * (Netty NIO), gossip of opaque payloads per topic, direct messages and request/response per
 * protocol, peer scoring and bans.
 *
 * <p>{@link network.pot.p2p.P2pNode} is the entry point. The layer knows nothing of the ledger,
 * consensus or training engine: payloads are bytes, and the node plugs its logic in through {@link
 * network.pot.p2p.gossip.GossipHandler}, {@link network.pot.p2p.RequestHandler}, {@link
 * network.pot.p2p.DirectHandler}, {@link network.pot.p2p.sync.BlockSource}/{@link
 * network.pot.p2p.sync.BlockSink} and {@link network.pot.p2p.blob.BlobStore}.
 */
package network.pot.p2p;

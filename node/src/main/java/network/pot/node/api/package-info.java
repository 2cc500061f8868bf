/**
 * The node runtime's narrow interfaces, for whatever serves or drives a node from outside (the
 * JSON-RPC server, tools): {@link network.pot.node.api.ChainQuery} reads, {@link
 * network.pot.node.api.TxSubmission} takes transactions, {@link network.pot.node.api.ArtifactStore}
 * holds and fetches artifacts. {@link network.pot.node.Node} implements the first and hands out the
 * other two.
 */
package network.pot.node.api;

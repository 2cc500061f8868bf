package network.pot.consensus;

/** Observes a node's consensus progress (metrics, status logs, the simulator's checks). */
public interface ConsensusListener {
  /** The node entered {@code height}. */
  default void onNewHeight(long height, long nowMillis) {}

  /** The node, as proposer, broadcast {@code proposal}. */
  default void onPropose(Proposal proposal, long nowMillis) {}

  /** {@code block} became final at this node. */
  default void onCommit(ConsensusBlock block, CommitCertificate certificate, long nowMillis) {}

  /** The node detected a double-signing validator. */
  default void onEvidence(Evidence evidence) {}

  /** A message from {@code peer} was rejected. */
  default void onRejected(int peer, Rejection reason) {}

  /** A listener that ignores everything. */
  ConsensusListener NONE = new ConsensusListener() {};
}

package network.pot.p2p.gossip;

/**
 * Well-known gossip topic numbers. The p2p layer treats payloads as opaque bytes; these names only
 * keep the node's wiring readable.
 */
public final class Topics {
  /** Signed transactions entering the mempool. */
  public static final int TRANSACTIONS = 1;

  /** Consensus block proposals. */
  public static final int PROPOSALS = 2;

  /** Consensus votes. */
  public static final int VOTES = 3;

  private Topics() {}
}

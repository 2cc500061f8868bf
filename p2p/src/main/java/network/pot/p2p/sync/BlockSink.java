package network.pot.p2p.sync;

/**
 * Where synced blocks go: the node verifies each block (commit certificate, state transition) and
 * appends it. Blocks are offered strictly in height order, {@link #height()} + 1 next. Called on
 * the sync thread only.
 */
public interface BlockSink {
  /** The local chain height (0 = only genesis). */
  long height();

  /** Verifies and appends the block at {@code height}; an invalid block changes nothing. */
  ImportResult importBlock(long height, byte[] block);

  /** What happened to an offered block. */
  enum ImportResult {
    IMPORTED,
    /** The height is already present (consensus got there first): not the peer's fault. */
    ALREADY_HAVE,
    /** Verification failed: the block is dropped and the peer that sent it penalized. */
    INVALID
  }
}

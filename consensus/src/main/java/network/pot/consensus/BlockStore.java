package network.pot.consensus;

import java.util.Optional;
import network.pot.base.crypto.Hash;

/**
 * Committed blocks with their commit certificates: what a node restarts from and serves to peers
 * that fell behind. The ledger implements it over its database; {@link MemoryBlockStore} keeps it
 * in memory (the simulator, where a node's "disk" outlives its crashes).
 */
public interface BlockStore {
  /** Height of the last committed block, 0 before the first. */
  long lastHeight();

  /** The committed block at {@code height}. */
  Optional<ConsensusBlock> block(long height);

  /** The certificate that made the block at {@code height} final. */
  Optional<CommitCertificate> certificate(long height);

  /** Appends the block at {@code lastHeight() + 1}. */
  void append(ConsensusBlock block, CommitCertificate certificate);

  /**
   * The lowest height whose block this store holds: 1, or the height a state sync restored the
   * ledger at (the certificate of that block was not checked by this node, and the blocks before it
   * are not here).
   */
  default long firstHeight() {
    return 1;
  }

  /** Hash of the last committed block, {@link Hash#ZERO} before the first. */
  default Hash lastHash() {
    return block(lastHeight()).map(ConsensusBlock::hash).orElse(Hash.ZERO);
  }
}

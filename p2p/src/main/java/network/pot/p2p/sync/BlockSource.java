package network.pot.p2p.sync;

import java.util.Optional;

/**
 * The finalized chain as this node serves it to peers: opaque block bytes by height. Heights start
 * at 1; {@link #height()} 0 means no block yet. The node backs it with its block store.
 */
public interface BlockSource {
  /** The highest height this node has (and can serve). */
  long height();

  /** The block at {@code height}, or empty if this node does not have it. */
  Optional<byte[]> block(long height);
}

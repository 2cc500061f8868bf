package network.pot.node.storage;

/**
 * The {@code [storage]} table: how long artifacts are kept, how often the node collects the rest,
 * and the free space below which it takes no new work.
 *
 * @param retention what is kept ({@code [storage.retention]})
 * @param gcIntervalBlocks blocks between two background collections; 0: only on demand and at the
 *     disk watermark
 * @param minFreeBytes the disk watermark: below this much free space in the data directory the node
 *     takes no new tasks or datasets (and keeps validating); 0 disables it
 * @param pruning how much block history is kept ({@code pruning}, {@code keep_recent_blocks})
 */
public record StorageConfig(
    RetentionPolicy retention, long gcIntervalBlocks, long minFreeBytes, Pruning pruning) {
  /**
   * A collection every 100 blocks: what is let go outlives its need by at most that many blocks,
   * and a collection costs a listing of the keys and a read of each transcript held, so it is cheap
   * at that rate. A free-space watermark of 1 GiB. Block history pruned in the default mode.
   */
  public static final StorageConfig DEFAULT =
      new StorageConfig(RetentionPolicy.DEFAULT, 100, 1L << 30, Pruning.DEFAULT);

  public StorageConfig {
    if (gcIntervalBlocks < 0 || minFreeBytes < 0) {
      throw new IllegalArgumentException("storage limits must not be negative");
    }
  }
}

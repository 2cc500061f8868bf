package network.pot.node.storage;

/**
 * The {@code [storage]} table: how long artifacts are kept, how often the node collects the rest,
 * and the free space below which it takes no new work.
 *
 * @param retention what is kept ({@code [storage.retention]})
 * @param gcIntervalBlocks blocks between two background collections; 0: only on demand
 * @param minFreeBytes the disk watermark: below this much free space in the data directory the node
 *     takes no new tasks or datasets (and keeps validating); 0 disables it
 */
public record StorageConfig(RetentionPolicy retention, long gcIntervalBlocks, long minFreeBytes) {
  /**
   * Collection on demand and at the disk watermark only: the retention plan does not yet know a
   * settled task's winning transcript and final checkpoint by their keys (the chain records the
   * model hash), so a periodic collection would delete the model a publisher still has to fetch.
   */
  public static final StorageConfig DEFAULT =
      new StorageConfig(RetentionPolicy.DEFAULT, 0, 1L << 30);

  public StorageConfig {
    if (gcIntervalBlocks < 0 || minFreeBytes < 0) {
      throw new IllegalArgumentException("storage limits must not be negative");
    }
  }
}

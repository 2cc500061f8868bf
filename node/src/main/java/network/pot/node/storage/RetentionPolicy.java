package network.pot.node.storage;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How long the node keeps each kind of artifact ({@code [storage.retention]} in the config). Every
 * kind is either kept as long as the protocol may still need it ({@link Keep#NEEDED}) or forever:
 *
 * <ul>
 *   <li>specs, checkpoints and transcripts of a task: until its fraud-proof window (the deadline
 *       plus the verification window) has closed, plus {@code marginBlocks};
 *   <li>datasets: while a task that trains on them has not passed that same point;
 *   <li>models: as checkpoints while the task is undecided; afterwards a winning model only while
 *       it is pinned (the publisher's and the miners' nodes pin the winning model of their own
 *       tasks when {@code pinOwnModels});
 *   <li>other blobs (not named by the chain): {@link Keep#NEEDED} deletes them, {@link
 *       Keep#FOREVER} (the default) keeps them, since they may be work in progress.
 * </ul>
 *
 * A pinned artifact is never deleted.
 */
public record RetentionPolicy(Map<BlobKind, Keep> keep, boolean pinOwnModels, long marginBlocks) {
  /** Keep what the protocol needs, or everything. */
  public enum Keep {
    NEEDED,
    FOREVER;

    public static Keep parse(String key, String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "needed" -> NEEDED;
        case "forever" -> FOREVER;
        default ->
            throw new IllegalArgumentException(
                key + ": expected \"needed\" or \"forever\", got '" + text + "'");
      };
    }
  }

  /** What the protocol needs for every kind but other blobs, which are kept; own models pinned. */
  public static final RetentionPolicy DEFAULT = defaults();

  public RetentionPolicy {
    if (marginBlocks < 0) {
      throw new IllegalArgumentException("margin_blocks must not be negative");
    }
    EnumMap<BlobKind, Keep> m = new EnumMap<>(BlobKind.class);
    for (BlobKind k : BlobKind.values()) {
      m.put(k, keep.getOrDefault(k, k == BlobKind.OTHER ? Keep.FOREVER : Keep.NEEDED));
    }
    keep = Map.copyOf(m);
  }

  private static RetentionPolicy defaults() {
    return new RetentionPolicy(Map.of(), true, 0);
  }

  public Keep keep(BlobKind kind) {
    return keep.get(kind);
  }
}

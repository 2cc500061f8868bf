package network.pot.node.storage;

import java.util.Locale;

/**
 * How much block history a node keeps: the {@code pruning} and {@code keep_recent_blocks} keys of
 * {@code [storage]}. Whatever the mode, the node keeps what the protocol still needs (see {@link
 * #keepFrom}); the state itself, the validator set of every epoch end with its proof, and the first
 * block of every epoch with its certificate (what a light client follows from genesis) are never
 * pruned.
 *
 * @param mode {@link Mode#NOTHING}: an archive, every block; {@link Mode#DEFAULT}: the last {@code
 *     keepRecent} blocks; {@link Mode#EVERYTHING}: only what the protocol needs
 * @param keepRecent blocks {@link Mode#DEFAULT} keeps behind the head
 */
public record Pruning(Mode mode, long keepRecent) {
  /** The pruning modes, named as operators know them from other chains. */
  public enum Mode {
    /** Prune nothing: an archive node. */
    NOTHING,
    /** Keep the last {@code keep_recent_blocks} blocks, and what the protocol needs. */
    DEFAULT,
    /** Keep only what the protocol needs. */
    EVERYTHING;

    /**
     * The mode named {@code text} ({@code nothing}, {@code default} or {@code everything}).
     *
     * @throws IllegalArgumentException naming {@code key} for any other text
     */
    public static Mode parse(String key, String text) {
      for (Mode m : values()) {
        if (m.name().toLowerCase(Locale.ROOT).equals(text)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          key + " must be \"nothing\", \"default\" or \"everything\", got \"" + text + "\"");
    }
  }

  /**
   * About four days of blocks at one a second (the evidence age and a node's offline spells fit in
   * it), at a few hundred bytes a block for a quiet chain.
   */
  public static final long DEFAULT_KEEP_RECENT = 362_880;

  public static final Pruning DEFAULT = new Pruning(Mode.DEFAULT, DEFAULT_KEEP_RECENT);

  public Pruning {
    if (keepRecent < 0) {
      throw new IllegalArgumentException("keep_recent_blocks must not be negative");
    }
  }

  /**
   * The lowest height whose block this node keeps, at head {@code head}: never above what the
   * protocol needs, which is the lowest of
   *
   * <ul>
   *   <li>{@code head - evidenceMaxAge}: double-sign evidence of that age is still accepted, and
   *       judging it needs the signers' set at its height;
   *   <li>{@code oldestSnapshot}: a node restoring that snapshot follows on from its block by range
   *       sync, from this node among others ({@code Long.MAX_VALUE} when no snapshot is held);
   *   <li>{@code oldestOpenTask}: the height an unsettled task was published at; its challenges are
   *       drawn from the hashes of blocks after it ({@code Long.MAX_VALUE} when none is open).
   * </ul>
   *
   * <p>1 means keep everything.
   */
  public long keepFrom(long head, long evidenceMaxAge, long oldestSnapshot, long oldestOpenTask) {
    if (mode == Mode.NOTHING || head < 1) {
      return 1;
    }
    long needed =
        Math.min(
            Math.min(head - Math.min(evidenceMaxAge, head), oldestSnapshot),
            Math.min(oldestOpenTask, head));
    long from = mode == Mode.DEFAULT ? Math.min(needed, head - Math.min(keepRecent, head)) : needed;
    return Math.max(1, from);
  }
}

package network.pot.proof;

/**
 * Which checkpoints a prover keeps on disk: every state hash is a leaf of the transcript, but the
 * full checkpoint only of leaf 0, of every {@code every}-th leaf and of the last one. A challenged
 * segment whose start was not kept is served by re-training from the nearest kept checkpoint below
 * it, at most {@code every - 1} intervals, that is {@link #maxReplaySteps} steps; since training is
 * bit-exact, the result is the committed state. {@code every = 1} keeps everything.
 *
 * @param every the interval, in leaves, between kept checkpoints (at least 1)
 */
public record CheckpointStorage(int every) {
  /** The disk budget a miner gives one proof's checkpoints when it sets none: 32 MiB. */
  public static final long DEFAULT_BUDGET_BYTES = 32L << 20;

  /** Keeps every checkpoint. */
  public static final CheckpointStorage FULL = new CheckpointStorage(1);

  public CheckpointStorage {
    if (every < 1) {
      throw new IllegalArgumentException("checkpoints are kept every 1 or more leaves");
    }
  }

  /**
   * The densest storage whose kept checkpoints fit in {@code budgetBytes}, for a transcript of
   * {@code segments} segments whose checkpoints are {@code checkpointBytes} long each. The first
   * and the last checkpoint are always kept, so a budget below two checkpoints gets every =
   * segments (check {@link #fits}).
   */
  public static CheckpointStorage forBudget(long budgetBytes, long checkpointBytes, int segments) {
    if (checkpointBytes < 1 || segments < 1) {
      throw new IllegalArgumentException("checkpoints have bytes and a transcript has segments");
    }
    long affordable = budgetBytes / checkpointBytes;
    // kept(every) falls as every grows: the smallest every whose count is affordable
    int lo = 1;
    int hi = segments;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (new CheckpointStorage(mid).kept(segments) <= affordable) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return new CheckpointStorage(lo);
  }

  /** Whether the checkpoint of {@code leaf} (of {@code segments + 1} leaves) is kept. */
  public boolean keeps(int leaf, int segments) {
    return leaf % every == 0 || leaf == segments;
  }

  /** The kept leaf a non-kept {@code leaf} is re-trained from: the nearest kept one below. */
  public int anchor(int leaf) {
    return leaf - leaf % every;
  }

  /** How many checkpoints of a transcript of {@code segments} segments are kept. */
  public int kept(int segments) {
    return segments / every + 1 + (segments % every == 0 ? 0 : 1);
  }

  /** Whether the kept checkpoints take at most {@code budgetBytes}. */
  public boolean fits(long budgetBytes, long checkpointBytes, int segments) {
    return (double) kept(segments) * checkpointBytes <= budgetBytes;
  }

  /** The most steps re-training a challenged start can cost: {@code (every - 1) * k}. */
  public long maxReplaySteps(long checkpointEvery) {
    return (every - 1L) * checkpointEvery;
  }
}

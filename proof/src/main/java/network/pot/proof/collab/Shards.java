package network.pot.proof.collab;

import java.util.Arrays;
import network.pot.base.codec.LittleEndian;
import network.pot.base.crypto.Sha256;
import network.pot.tensor.Rng;
import network.pot.tensor.data.Dataset;

/**
 * The training split cut into M disjoint shards, one per miner slot. The sample indices are
 * permuted by a Fisher-Yates shuffle drawn from the stream keyed by the first eight bytes
 * (little-endian) of {@code tagged("pot/collab/shards/v1", collabTaskId)}, the same generator that
 * orders a miner's batches, and shard {@code s} is the sorted run {@code [s*n/M, (s+1)*n/M)} of
 * that permutation. Which shard a miner trains on is its enrollment's slot; the order it visits the
 * shard in comes from its round binding, so both are fixed by (task, miner, enrollment).
 */
public final class Shards {
  private Shards() {}

  /** The training-split indices of shard {@code slot}, ascending. */
  public static int[] indices(CollabSpec spec, int slot, int trainSize) {
    int m = spec.miners();
    if (slot < 0 || slot >= m) {
      throw new IllegalArgumentException("slot " + slot + " is outside [0, " + m + ")");
    }
    if (trainSize / m < spec.inner().batch()) {
      throw new IllegalArgumentException(
          "a shard of "
              + trainSize
              + " samples in "
              + m
              + " parts is smaller than a batch of "
              + spec.inner().batch());
    }
    int[] perm = new int[trainSize];
    for (int i = 0; i < trainSize; i++) {
      perm[i] = i;
    }
    long key = LittleEndian.getU64(Sha256.tagged("pot/collab/shards/v1", spec.taskId()), 0);
    Rng rng = new Rng(key);
    for (int i = trainSize - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int from = (int) ((long) slot * trainSize / m);
    int to = (int) ((long) (slot + 1) * trainSize / m);
    int[] out = Arrays.copyOfRange(perm, from, to);
    Arrays.sort(out);
    return out;
  }

  /** Shard {@code slot} of {@code train} as a dataset of its own. */
  public static Dataset shard(CollabSpec spec, int slot, Dataset train) {
    int[] idx = indices(spec, slot, train.size());
    float[] x = new float[idx.length * train.sampleSize()];
    int[] y = new int[idx.length];
    train.gather(idx, 0, idx.length, x, y);
    return new Dataset(x, y, train.sampleShape(), train.classes());
  }
}

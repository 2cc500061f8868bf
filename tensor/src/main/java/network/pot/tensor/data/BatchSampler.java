package network.pot.tensor.data;

import network.pot.tensor.Rng;

/**
 * The data order: epoch {@code e} visits the samples in a Fisher-Yates permutation drawn from the
 * stream {@code Rng.deriveKey(dataKey, "epoch", e)}, in {@code floor(n / batch)} full batches (the
 * remainder is dropped). Global step {@code s} is batch {@code s % stepsPerEpoch} of epoch {@code s
 * / stepsPerEpoch}, so any step's batch can be computed without replaying the others.
 */
public final class BatchSampler {
  private final int n;
  private final int batch;
  private final long dataKey;
  private final int[] perm;
  private long permEpoch = -1;

  public BatchSampler(int n, int batch, long dataKey) {
    if (batch <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batch);
    }
    if (n < batch) {
      throw new IllegalArgumentException(
          "batch size " + batch + " is larger than the dataset (" + n + " samples)");
    }
    this.n = n;
    this.batch = batch;
    this.dataKey = dataKey;
    this.perm = new int[n];
  }

  public int batchSize() {
    return batch;
  }

  public int stepsPerEpoch() {
    return n / batch;
  }

  /** The sample order of {@code epoch} (shared array: valid until the next call). */
  public int[] epochOrder(long epoch) {
    if (epoch != permEpoch) {
      for (int i = 0; i < n; i++) {
        perm[i] = i;
      }
      Rng rng = new Rng(Rng.deriveKey(dataKey, "epoch", epoch));
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      permEpoch = epoch;
    }
    return perm;
  }

  /** Offset into {@link #epochOrder} of global step {@code step}'s batch. */
  public int offsetOf(long step) {
    return (int) (step % stepsPerEpoch()) * batch;
  }

  public long epochOf(long step) {
    return step / stepsPerEpoch();
  }
}

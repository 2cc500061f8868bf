package network.pot.tensor;

/**
 * The Philox4x32-10 counter-based generator (Salmon et al., "Parallel random numbers: as easy as 1,
 * 2, 3", SC 2011): a keyed bijection from a 128-bit counter to 128 random bits.
 *
 * <p>Counter-based means there is no hidden state: the value at any position is a pure function of
 * (key, counter), so a stream can be resumed, split or skipped exactly, and no two threads ever
 * share a generator. This is the engine's only source of randomness.
 */
public final class Philox {
  private static final int M0 = 0xD2511F53;
  private static final int M1 = 0xCD9E8D57;
  private static final int W0 = 0x9E3779B9;
  private static final int W1 = 0xBB67AE85;

  private Philox() {}

  /**
   * Fills {@code out[0..3]} with the block for {@code key} at counter {@code (hi, lo)}: the counter
   * words are {@code lo} (low, high half) then {@code hi} (low, high half).
   */
  public static void block(long key, long hi, long lo, int[] out) {
    int c0 = (int) lo;
    int c1 = (int) (lo >>> 32);
    int c2 = (int) hi;
    int c3 = (int) (hi >>> 32);
    int k0 = (int) key;
    int k1 = (int) (key >>> 32);
    for (int round = 0; round < 10; round++) {
      long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
      long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
      int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
      int n1 = (int) p1;
      int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
      int n3 = (int) p0;
      c0 = n0;
      c1 = n1;
      c2 = n2;
      c3 = n3;
      k0 += W0;
      k1 += W1;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
  }

  /** The 64 random bits at {@code (key, hi, lo)}: the first two words of the block. */
  public static long bits64(long key, long hi, long lo) {
    int[] b = new int[4];
    block(key, hi, lo, b);
    return ((long) b[1] << 32) | (b[0] & 0xFFFFFFFFL);
  }

  /** A uniform float in [0, 1) with 24 random bits, at {@code (key, hi, lo)}. */
  public static float uniform(long key, long hi, long lo) {
    return (int) (bits64(key, hi, lo) >>> 40) * 0x1.0p-24f;
  }
}

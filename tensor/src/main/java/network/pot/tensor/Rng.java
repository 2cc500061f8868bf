package network.pot.tensor;

import java.nio.charset.StandardCharsets;
import network.pot.base.codec.LittleEndian;
import network.pot.base.crypto.Sha256;

/**
 * A sequential stream over {@link Philox}: the i-th 32-bit word of stream {@code key} is word
 * {@code i % 4} of the block at counter {@code i / 4}. Its whole state is (key, position), so it
 * can be checkpointed and resumed exactly.
 *
 * <p>Normal samples use Box-Muller with {@link StrictMath}, which gives the same bits on every JVM
 * and CPU.
 */
public final class Rng {
  private final long key;
  private long position;
  private final int[] block = new int[4];
  private long blockIndex = -1;

  public Rng(long key) {
    this(key, 0);
  }

  public Rng(long key, long position) {
    this.key = key;
    this.position = position;
  }

  public long key() {
    return key;
  }

  /** How many 32-bit words have been drawn. */
  public long position() {
    return position;
  }

  /** The next 32 random bits. */
  public int nextInt() {
    long b = position >>> 2;
    if (b != blockIndex) {
      Philox.block(key, 0, b, block);
      blockIndex = b;
    }
    return block[(int) (position++ & 3)];
  }

  /** The next 64 random bits (two words, low first). */
  public long nextLong() {
    long lo = nextInt() & 0xFFFFFFFFL;
    return ((long) nextInt() << 32) | lo;
  }

  /** A uniform integer in {@code [0, bound)}. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    return (int) Long.remainderUnsigned(nextLong(), bound);
  }

  /** A uniform float in [0, 1) with 24 random bits. */
  public float nextFloat() {
    return (nextInt() >>> 8) * 0x1.0p-24f;
  }

  /** A uniform double in (0, 1] with 53 random bits. */
  public double nextOpenDouble() {
    return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
  }

  /** A standard normal sample (Box-Muller, one sample per two uniforms). */
  public double nextGaussian() {
    double u1 = nextOpenDouble();
    double u2 = nextOpenDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /**
   * A 64-bit key for a named purpose under a seed: the first 8 bytes (little-endian) of SHA-256
   * over the seed, the label and an index. Distinct purposes never share a stream.
   */
  public static long deriveKey(long seed, String label, long index) {
    byte[] l = label.getBytes(StandardCharsets.UTF_8);
    byte[] h =
        Sha256.of(LittleEndian.u64(seed), LittleEndian.u32(l.length), l, LittleEndian.u64(index));
    return LittleEndian.getU64(h, 0);
  }
}

package network.pot.base.codec;

/**
 * The little-endian fixed-width integers of the engine's formats (checkpoints, the proof's tagged
 * hashes and PRF keys), next to the big-endian canonical {@link Writer}/{@link Reader} of the
 * ledger and consensus. Nothing else in the project writes integers by hand.
 */
public final class LittleEndian {
  private LittleEndian() {}

  /** The four bytes of {@code v}, least significant first. */
  public static byte[] u32(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  /** The eight bytes of {@code v}, least significant first. */
  public static byte[] u64(long v) {
    byte[] b = new byte[8];
    putU64(b, 0, v);
    return b;
  }

  /** Writes the eight bytes of {@code v} at {@code offset}. */
  public static void putU64(byte[] b, int offset, long v) {
    for (int i = 0; i < 8; i++) {
      b[offset + i] = (byte) (v >>> (8 * i));
    }
  }

  /** Writes the four bytes of {@code v} at {@code offset}. */
  public static void putU32(byte[] b, int offset, int v) {
    for (int i = 0; i < 4; i++) {
      b[offset + i] = (byte) (v >>> (8 * i));
    }
  }

  /** The little-endian long in {@code b[offset..offset+8)}. */
  public static long getU64(byte[] b, int offset) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[offset + i] & 0xff);
    }
    return v;
  }

  /** The little-endian int in {@code b[offset..offset+4)}. */
  public static int getU32(byte[] b, int offset) {
    int v = 0;
    for (int i = 3; i >= 0; i--) {
      v = (v << 8) | (b[offset + i] & 0xff);
    }
    return v;
  }
}

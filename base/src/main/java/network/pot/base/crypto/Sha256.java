package network.pot.base.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import network.pot.base.codec.LittleEndian;

/**
 * SHA-256, the one digest of the project. The one-shot helpers reuse a per-thread instance (the
 * JDK's lookup is slow enough to show in profiles of the ledger); {@link #digest()} gives a fresh
 * one for incremental hashing; {@link #tagged} adds domain separation.
 */
public final class Sha256 {
  /** Bytes in a digest. */
  public static final int SIZE = 32;

  private static final ThreadLocal<MessageDigest> PER_THREAD =
      ThreadLocal.withInitial(Sha256::newDigest);

  private Sha256() {}

  /** A fresh digest of the caller's own, for incremental hashing. */
  public static MessageDigest digest() {
    return newDigest();
  }

  /**
   * This thread's digest, reset: for the one-shot helpers of this package only, each of which
   * finishes with {@code digest()} before it returns and calls nothing that hashes in between.
   */
  static MessageDigest local() {
    MessageDigest md = PER_THREAD.get();
    md.reset();
    return md;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** SHA-256 of the concatenation of {@code parts}. */
  public static byte[] of(byte[]... parts) {
    MessageDigest md = local();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  /**
   * Domain-separated SHA-256: of {@code u32le(len(tag)) || tag || (u32le(len(f)) || f)*} with the
   * tag in UTF-8. Every field carries its length, so no two different (tag, fields) sequences share
   * an input. (The little-endian prefixes are part of the proof format's golden vectors.)
   */
  public static byte[] tagged(String tag, byte[]... fields) {
    MessageDigest md = local();
    lengthPrefixed(md, tag.getBytes(StandardCharsets.UTF_8));
    for (byte[] f : fields) {
      lengthPrefixed(md, f);
    }
    return md.digest();
  }

  private static void lengthPrefixed(MessageDigest md, byte[] b) {
    md.update(LittleEndian.u32(b.length));
    md.update(b);
  }
}

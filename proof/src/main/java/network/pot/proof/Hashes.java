package network.pot.proof;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 with domain separation: {@link #tagged} hashes a domain tag and fields, each prefixed by
 * its length, so that no two different (tag, fields) sequences share an input.
 */
public final class Hashes {
  /** Bytes in a SHA-256 digest. */
  public static final int SIZE = 32;

  private Hashes() {}

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** SHA-256 of {@code u32le(len(tag)) || tag || (u32le(len(f)) || f)*} with the tag in UTF-8. */
  public static byte[] tagged(String tag, byte[]... fields) {
    MessageDigest md = sha256();
    lengthPrefixed(md, tag.getBytes(StandardCharsets.UTF_8));
    for (byte[] f : fields) {
      lengthPrefixed(md, f);
    }
    return md.digest();
  }

  private static void lengthPrefixed(MessageDigest md, byte[] b) {
    md.update(u32(b.length));
    md.update(b);
  }

  /** Little-endian four bytes of {@code v}. */
  public static byte[] u32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  /** Little-endian eight bytes of {@code v}. */
  public static byte[] u64(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }

  /** The first eight bytes of {@code b} as a little-endian long. */
  public static long firstLong(byte[] b) {
    return ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  public static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /**
   * Parses lower- or upper-case hex; {@code what} names the value in the error. {@code length} is
   * the required byte length, or -1 for any non-empty value.
   */
  public static byte[] unhex(String s, int length, String what) {
    String t = s == null ? "" : s.strip();
    if (t.startsWith("0x") || t.startsWith("0X")) {
      t = t.substring(2);
    }
    byte[] b;
    try {
      b = HexFormat.of().parseHex(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not hex: '" + abbreviate(s) + "'");
    }
    if (b.length == 0 || (length >= 0 && b.length != length)) {
      throw new IllegalArgumentException(
          what
              + " must be "
              + (length >= 0 ? length + " bytes (" + 2 * length + " hex digits)" : "non-empty")
              + ", got "
              + b.length
              + " bytes");
    }
    return b;
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}

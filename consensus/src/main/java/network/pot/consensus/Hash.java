package network.pot.consensus;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte SHA-256 digest: the identity of a block inside consensus. Immutable, compared by value,
 * ordered lexicographically (unsigned) so that anything sorted by hash has one canonical order.
 */
public final class Hash implements Comparable<Hash> {
  /** Length of every hash in bytes. */
  public static final int LENGTH = 32;

  /** The all-zero hash: the parent of the first block. */
  public static final Hash ZERO = new Hash(new byte[LENGTH]);

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a copy of exactly {@link #LENGTH} bytes. */
  public static Hash wrap(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("hash must be 32 bytes, got " + bytes.length);
    }
    return new Hash(bytes.clone());
  }

  /** SHA-256 of {@code data}. */
  public static Hash sha256(byte[] data) {
    return new Hash(digest().digest(data));
  }

  /** SHA-256 of the concatenation of {@code parts}. */
  public static Hash sha256(byte[]... parts) {
    MessageDigest md = digest();
    for (byte[] p : parts) {
      md.update(p);
    }
    return new Hash(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A copy of the 32 bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Hexadecimal form, lower case. */
  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  /** The first 4 bytes in hex, for logs. */
  public String shortHex() {
    return HexFormat.of().formatHex(bytes, 0, 4);
  }

  @Override
  public int compareTo(Hash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return shortHex();
  }
}

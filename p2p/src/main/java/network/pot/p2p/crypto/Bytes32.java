package network.pot.p2p.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable 32-byte value (a key or a hash) with hex forms, value equality within its own type
 * and an unsigned byte order.
 */
public abstract class Bytes32 {
  /** The length in bytes. */
  public static final int LENGTH = 32;

  private final byte[] value;

  protected Bytes32(byte[] value, String what) {
    if (value.length != LENGTH) {
      throw new IllegalArgumentException(what + " must be 32 bytes, got " + value.length);
    }
    this.value = value.clone();
  }

  /** Parses 64 hex digits, naming {@code what} in the error. */
  protected static byte[] parseHex(String hex, String what) {
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException(what + " must be 64 hex digits: " + hex);
    }
    return HexFormat.of().parseHex(hex);
  }

  public final byte[] bytes() {
    return value.clone();
  }

  public final String toHex() {
    return HexFormat.of().formatHex(value);
  }

  /** Unsigned lexicographic comparison of the bytes. */
  protected final int compareBytes(Bytes32 o) {
    return Arrays.compareUnsigned(value, o.value);
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && Arrays.equals(value, ((Bytes32) o).value);
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(value);
  }
}

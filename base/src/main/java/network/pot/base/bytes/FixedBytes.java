package network.pot.base.bytes;

import java.util.Arrays;

/**
 * Base of the fixed-length byte identities (hashes, addresses, public keys): immutable, with value
 * equality within one type and unsigned lexicographic order.
 */
public abstract class FixedBytes<T extends FixedBytes<T>> implements Comparable<T> {
  /** The bytes; never modified after construction. */
  protected final byte[] data;

  private final int hashCode;

  /** Takes ownership of {@code data}: the subclass checks its length and copies when needed. */
  protected FixedBytes(byte[] data) {
    this.data = data;
    this.hashCode = Arrays.hashCode(data);
  }

  /** A copy of the bytes. */
  public final byte[] toArray() {
    return data.clone();
  }

  /** The backing array; callers must not modify it. */
  public final byte[] unsafeArray() {
    return data;
  }

  /** The bytes as an immutable byte string. */
  public final Bytes toBytes() {
    return Bytes.of(data);
  }

  /** Lower-case hex of all bytes. */
  public final String toHex() {
    return Hex.encode(data);
  }

  /** The first 4 bytes in hex: what log lines show. */
  public final String shortHex() {
    return Hex.encode(Arrays.copyOf(data, Math.min(4, data.length)));
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && Arrays.equals(data, ((FixedBytes<?>) o).data);
  }

  @Override
  public final int hashCode() {
    return hashCode;
  }

  @Override
  public final int compareTo(T o) {
    return Arrays.compareUnsigned(data, o.data);
  }
}

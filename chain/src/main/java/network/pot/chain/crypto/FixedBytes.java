package network.pot.chain.crypto;

import java.util.Arrays;
import network.pot.chain.codec.Bytes;

/**
 * Base of the fixed-length byte identities (hashes, addresses, public keys): immutable, with value
 * equality within one type and unsigned lexicographic order.
 */
abstract class FixedBytes<T extends FixedBytes<T>> implements Comparable<T> {
  final byte[] data;
  private final int hashCode;

  FixedBytes(byte[] data) {
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

  public final Bytes toBytes() {
    return Bytes.of(data);
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

package network.pot.base.crypto;

import java.security.MessageDigest;
import network.pot.base.bytes.FixedBytes;
import network.pot.base.bytes.Hex;

/**
 * A 32-byte SHA-256 digest: the one hash type of every module (block, transaction, state-root and
 * consensus identities, Merkle nodes, content ids). Immutable, compared by value, ordered
 * lexicographically (unsigned) so that anything sorted by hash has one canonical order.
 */
public final class Hash extends FixedBytes<Hash> {
  /** Length of a digest in bytes. */
  public static final int SIZE = 32;

  /** Thirty-two zero bytes: the root of an empty tree, the parent of the first block. */
  public static final Hash ZERO = new Hash(new byte[SIZE]);

  private Hash(byte[] data) {
    super(data);
  }

  /** Wraps exactly 32 bytes (copied). */
  public static Hash of(byte[] digest) {
    if (digest.length != SIZE) {
      throw new IllegalArgumentException("a hash has 32 bytes, got " + digest.length);
    }
    return new Hash(digest.clone());
  }

  /** Parses 64 hex digits. */
  public static Hash fromHex(String hex) {
    return of(Hex.decode(hex));
  }

  /** SHA-256 of the concatenation of the parts. */
  public static Hash sha256(byte[]... parts) {
    return new Hash(Sha256.of(parts));
  }

  /** SHA-256 of a tag and length-prefixed fields: see {@link Sha256#tagged}. */
  public static Hash tagged(String tag, byte[]... fields) {
    return new Hash(Sha256.tagged(tag, fields));
  }

  /** SHA-256 of a one-byte domain tag followed by two hashes (Merkle interior nodes). */
  public static Hash node(byte tag, Hash left, Hash right) {
    MessageDigest md = Sha256.local();
    md.update(tag);
    md.update(left.data);
    md.update(right.data);
    return new Hash(md.digest());
  }

  /** Wraps a digest just computed, without copying; the caller must not keep the array. */
  public static Hash ofDigest(MessageDigest md) {
    return new Hash(md.digest());
  }

  /** Bit {@code i} (0 = most significant bit of the first byte). */
  public boolean bit(int i) {
    return ((data[i >>> 3] >> (7 - (i & 7))) & 1) == 1;
  }

  @Override
  public String toString() {
    return toHex();
  }
}

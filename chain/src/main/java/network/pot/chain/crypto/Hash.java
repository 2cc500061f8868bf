package network.pot.chain.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import network.pot.chain.codec.Hex;

/** A SHA-256 digest: block, transaction and state-root identities, Merkle nodes. */
public final class Hash extends FixedBytes<Hash> {
  /** Length of a digest in bytes. */
  public static final int SIZE = 32;

  /** Thirty-two zero bytes: the root of an empty tree, the parent of the first block. */
  public static final Hash ZERO = new Hash(new byte[SIZE]);

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("the JDK always provides SHA-256", e);
            }
          });

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
    MessageDigest md = SHA256.get();
    for (byte[] p : parts) {
      md.update(p);
    }
    return new Hash(md.digest());
  }

  /** SHA-256 of a one-byte domain tag followed by two hashes (Merkle interior nodes). */
  public static Hash node(byte tag, Hash left, Hash right) {
    MessageDigest md = SHA256.get();
    md.update(tag);
    md.update(left.data);
    md.update(right.data);
    return new Hash(md.digest());
  }

  /** Bit {@code i} (0 = most significant bit of the first byte). */
  public boolean bit(int i) {
    return ((data[i >>> 3] >> (7 - (i & 7))) & 1) == 1;
  }

  public String toHex() {
    return Hex.encode(data);
  }

  @Override
  public String toString() {
    return toHex();
  }
}

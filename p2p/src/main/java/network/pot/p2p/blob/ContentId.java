package network.pot.p2p.blob;

import network.pot.base.bytes.FixedBytes;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Hash;

/**
 * The address of a blob: the SHA-256 of its {@link BlobManifest}, which lists the SHA-256 of every
 * chunk and of the whole content. Knowing the id is enough to verify each chunk as it arrives, from
 * any peer. A {@link Hash} given its own type, so that a content id is never mistaken for another
 * hash.
 */
public final class ContentId extends FixedBytes<ContentId> {
  private ContentId(byte[] hash) {
    super(hash);
  }

  /** The content id that is {@code hash}. */
  public static ContentId of(Hash hash) {
    return new ContentId(hash.toArray());
  }

  /** Wraps 32 bytes (copied). */
  public static ContentId of(byte[] sha256) {
    if (sha256.length != Hash.SIZE) {
      throw new IllegalArgumentException("content id must be 32 bytes, got " + sha256.length);
    }
    return new ContentId(sha256.clone());
  }

  /** Parses 64 hex digits. */
  public static ContentId fromHex(String hex) {
    return new ContentId(Hex.decode(hex, Hash.SIZE, "content id"));
  }

  /** The id as a hash. */
  public Hash hash() {
    return Hash.of(data);
  }

  /** The 32 bytes (a copy), as {@link #toArray()}. */
  public byte[] bytes() {
    return toArray();
  }

  @Override
  public String toString() {
    return toHex();
  }
}

package network.pot.p2p.blob;

import network.pot.p2p.crypto.Bytes32;

/**
 * The address of a blob: the SHA-256 of its {@link BlobManifest}, which lists the SHA-256 of every
 * chunk and of the whole content. Knowing the id is enough to verify each chunk as it arrives, from
 * any peer.
 */
public final class ContentId extends Bytes32 {
  private ContentId(byte[] hash) {
    super(hash, "content id");
  }

  public static ContentId of(byte[] sha256) {
    return new ContentId(sha256);
  }

  public static ContentId fromHex(String hex) {
    return new ContentId(parseHex(hex, "content id"));
  }

  @Override
  public String toString() {
    return toHex();
  }
}

package network.pot.p2p.blob;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import network.pot.p2p.crypto.Sha256;
import network.pot.p2p.wire.MalformedMessageException;

/**
 * What a blob is made of: its size, chunk size, the SHA-256 of the whole content and of each chunk.
 * Its canonical encoding (version byte, size, chunk size, content hash, chunk hashes, big-endian)
 * hashes to the blob's {@link ContentId}.
 */
public record BlobManifest(long size, int chunkSize, byte[] contentHash, List<byte[]> chunkHashes) {
  /** Default chunk size: 256 KiB, small enough to spread over peers, large enough to stream. */
  public static final int DEFAULT_CHUNK = 256 * 1024;

  /** Largest accepted chunk size (chunks must fit one frame). */
  public static final int MAX_CHUNK = 2 * 1024 * 1024;

  private static final byte VERSION = 1;

  public BlobManifest {
    if (size < 0 || chunkSize < 1 || chunkSize > MAX_CHUNK || contentHash.length != 32) {
      throw new IllegalArgumentException("bad manifest header");
    }
    if (chunkHashes.size() != chunks(size, chunkSize)) {
      throw new IllegalArgumentException("manifest lists the wrong number of chunks");
    }
    contentHash = contentHash.clone();
    chunkHashes = chunkHashes.stream().map(byte[]::clone).toList();
  }

  /** Number of chunks a blob of {@code size} bytes has ({@code 0} bytes: no chunk). */
  static int chunks(long size, int chunkSize) {
    long n = (size + chunkSize - 1) / chunkSize;
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("blob too large for chunk size " + chunkSize);
    }
    return (int) n;
  }

  public int chunkCount() {
    return chunkHashes.size();
  }

  /** Length of chunk {@code index} (the last one may be short). */
  public int chunkLength(int index) {
    long start = (long) index * chunkSize;
    return (int) Math.min(chunkSize, size - start);
  }

  @Override
  public byte[] contentHash() {
    return contentHash.clone();
  }

  /** Whether {@code data} is exactly chunk {@code index}. */
  public boolean chunkMatches(int index, byte[] data) {
    return index >= 0
        && index < chunkCount()
        && data.length == chunkLength(index)
        && MessageDigest.isEqual(Sha256.of(data), chunkHashes.get(index));
  }

  public ContentId id() {
    return ContentId.of(Sha256.of(encode()));
  }

  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(1 + 8 + 4 + 32 + 32 * chunkHashes.size());
    out.put(VERSION).putLong(size).putInt(chunkSize).put(contentHash);
    chunkHashes.forEach(out::put);
    return out.array();
  }

  public static BlobManifest decode(byte[] bytes) throws MalformedMessageException {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      if (in.get() != VERSION) {
        throw new MalformedMessageException("unknown manifest version");
      }
      long size = in.getLong();
      int chunkSize = in.getInt();
      byte[] content = new byte[32];
      in.get(content);
      if (in.remaining() % 32 != 0) {
        throw new MalformedMessageException("manifest chunk list is not a multiple of 32 bytes");
      }
      List<byte[]> hashes = new ArrayList<>();
      while (in.hasRemaining()) {
        byte[] h = new byte[32];
        in.get(h);
        hashes.add(h);
      }
      return new BlobManifest(size, chunkSize, content, hashes);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new MalformedMessageException("malformed manifest: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlobManifest m && Arrays.equals(encode(), m.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }
}

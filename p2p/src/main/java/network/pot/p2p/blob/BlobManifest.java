package network.pot.p2p.blob;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.p2p.wire.MalformedMessageException;

/**
 * What a blob is made of: its size, chunk size, the SHA-256 of the whole content and of each chunk.
 * Its canonical encoding (version byte, size, chunk size, content hash, chunk hashes, big-endian)
 * hashes to the blob's {@link ContentId}.
 */
public record BlobManifest(long size, int chunkSize, Hash contentHash, List<Hash> chunkHashes) {
  /** Default chunk size: 256 KiB, small enough to spread over peers, large enough to stream. */
  public static final int DEFAULT_CHUNK = 256 * 1024;

  /** Largest accepted chunk size (chunks must fit one frame). */
  public static final int MAX_CHUNK = 2 * 1024 * 1024;

  private static final int VERSION = 1;

  public BlobManifest {
    if (size < 0 || chunkSize < 1 || chunkSize > MAX_CHUNK) {
      throw new IllegalArgumentException("bad manifest header");
    }
    if (chunkHashes.size() != chunks(size, chunkSize)) {
      throw new IllegalArgumentException("manifest lists the wrong number of chunks");
    }
    Objects.requireNonNull(contentHash, "contentHash");
    chunkHashes = List.copyOf(chunkHashes);
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

  /** Whether {@code data} is exactly chunk {@code index}. */
  public boolean chunkMatches(int index, byte[] data) {
    return index >= 0
        && index < chunkCount()
        && data.length == chunkLength(index)
        && Hash.sha256(data).equals(chunkHashes.get(index));
  }

  public ContentId id() {
    return ContentId.of(Hash.sha256(encode()));
  }

  public byte[] encode() {
    Writer out = new Writer(1 + 8 + 4 + Hash.SIZE * (1 + chunkHashes.size()));
    out.u8(VERSION).u64(size).u32(chunkSize).raw(contentHash.unsafeArray());
    chunkHashes.forEach(h -> out.raw(h.unsafeArray()));
    return out.toByteArray();
  }

  public static BlobManifest decode(byte[] bytes) throws MalformedMessageException {
    try {
      Reader in = new Reader(bytes);
      if (in.u8() != VERSION) {
        throw new MalformedMessageException("unknown manifest version");
      }
      long size = in.u64();
      int chunkSize = in.u32();
      Hash content = Hash.of(in.raw(Hash.SIZE));
      if (in.remaining() % Hash.SIZE != 0) {
        throw new MalformedMessageException("manifest chunk list is not a multiple of 32 bytes");
      }
      List<Hash> hashes = new ArrayList<>(in.remaining() / Hash.SIZE);
      while (in.remaining() > 0) {
        hashes.add(Hash.of(in.raw(Hash.SIZE)));
      }
      in.end();
      return new BlobManifest(size, chunkSize, content, hashes);
    } catch (DecodeException | IllegalArgumentException e) {
      throw new MalformedMessageException("malformed manifest: " + e.getMessage());
    }
  }
}

package network.pot.p2p.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.Sha256;

/**
 * A blob store that also serves blobs it does not hold: content read on demand from where it
 * already lives (an operator's dataset directory, served as its bundle), so that it is not kept
 * twice. Such a blob has a manifest, computed once by {@link #serve}, and its chunks are read from
 * the source when a peer asks; it has no file of its own ({@link #path} is empty) and cannot be
 * deleted through the store. A chunk read that no longer matches its manifest (the source changed
 * after it was listed) is not served. Everything else goes to the store inside.
 */
public final class ServedBlobStore implements BlobStore {
  /** Where a served blob's bytes are read from. */
  public interface Source {
    /** The whole content, streamed (read once, to make the manifest). */
    InputStream open() throws IOException;

    /** {@code length} bytes from {@code offset}. */
    byte[] read(long offset, int length) throws IOException;
  }

  private record Served(BlobManifest manifest, Source source) {}

  private final BlobStore inner;
  private final Map<ContentId, Served> served = new ConcurrentHashMap<>();

  public ServedBlobStore(BlobStore inner) {
    this.inner = inner;
  }

  /**
   * Serves {@code source}'s content from now on, in chunks of {@code chunkSize}, without copying
   * it; returns its content id.
   */
  public ContentId serve(Source source, int chunkSize) throws IOException {
    if (chunkSize < 1 || chunkSize > BlobManifest.MAX_CHUNK) {
      throw new IllegalArgumentException("chunk size out of range: " + chunkSize);
    }
    MessageDigest whole = Sha256.digest();
    MessageDigest chunk = Sha256.digest();
    List<Hash> hashes = new ArrayList<>();
    long size = 0;
    try (InputStream in = source.open()) {
      byte[] buf = new byte[chunkSize];
      int n;
      while ((n = in.readNBytes(buf, 0, chunkSize)) > 0) {
        whole.update(buf, 0, n);
        chunk.update(buf, 0, n);
        hashes.add(Hash.ofDigest(chunk));
        size += n;
      }
    }
    BlobManifest m = new BlobManifest(size, chunkSize, Hash.ofDigest(whole), hashes);
    served.put(m.id(), new Served(m, source));
    return m.id();
  }

  /** Whether {@code id} is served from a source rather than held. */
  public boolean isServed(ContentId id) {
    return served.containsKey(id);
  }

  @Override
  public boolean has(ContentId id) {
    return inner.has(id) || served.containsKey(id);
  }

  @Override
  public Optional<BlobManifest> manifest(ContentId id) {
    Optional<BlobManifest> m = inner.manifest(id);
    if (m.isPresent()) {
      return m;
    }
    Served s = served.get(id);
    return s == null ? Optional.empty() : Optional.of(s.manifest());
  }

  @Override
  public Optional<byte[]> readChunk(ContentId id, int index) throws IOException {
    Served s = served.get(id);
    if (s == null || inner.has(id)) {
      return inner.readChunk(id, index);
    }
    BlobManifest m = s.manifest();
    if (index < 0 || index >= m.chunkCount()) {
      return Optional.empty();
    }
    byte[] data = s.source().read((long) index * m.chunkSize(), m.chunkLength(index));
    return m.chunkMatches(index, data) ? Optional.of(data) : Optional.empty();
  }

  @Override
  public Optional<Path> path(ContentId id) {
    return inner.path(id);
  }

  @Override
  public ContentId put(InputStream content, int chunkSize) throws IOException {
    return inner.put(content, chunkSize);
  }

  @Override
  public void delete(ContentId id) throws IOException {
    inner.delete(id);
  }

  @Override
  public Download beginDownload(BlobManifest manifest) throws IOException {
    return inner.beginDownload(manifest);
  }
}

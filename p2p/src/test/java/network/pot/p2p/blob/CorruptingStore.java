package network.pot.p2p.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/** A peer's store that serves every chunk with one bit flipped: what a malicious peer sends. */
final class CorruptingStore implements BlobStore {
  private final BlobStore inner;

  CorruptingStore(BlobStore inner) {
    this.inner = inner;
  }

  @Override
  public boolean has(ContentId id) {
    return inner.has(id);
  }

  @Override
  public Optional<BlobManifest> manifest(ContentId id) {
    return inner.manifest(id);
  }

  @Override
  public Optional<byte[]> readChunk(ContentId id, int index) throws IOException {
    return inner
        .readChunk(id, index)
        .map(
            b -> {
              b[b.length / 2] ^= 1;
              return b;
            });
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

package network.pot.p2p.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.Sha256;
import network.pot.base.io.AtomicFiles;
import network.pot.p2p.wire.MalformedMessageException;

/**
 * A {@link BlobStore} in a directory: {@code blobs/<id>.blob} holds the content and {@code
 * blobs/<id>.manifest} the manifest, written last so that its presence marks a complete, verified
 * blob. Downloads in progress live in {@code partial/<id>.part}; a restarted download re-verifies
 * the chunks already there and fetches only the rest. Content and manifest are forced to disk
 * before they are renamed into place, so a blob that is visible survives a crash. A deleted blob is
 * renamed into {@code trash/} (manifest first) and removed from there; opening the store empties
 * {@code trash/} and removes content whose manifest never got written, so a crash at any point
 * leaves no half-deleted blob visible and nothing behind for good.
 */
public final class DirectoryBlobStore implements BlobStore {
  private final Path blobs;
  private final Path partial;
  private final Path trash;

  /** Manifests already read and checked against their id (they never change). */
  private final Map<ContentId, BlobManifest> manifests = new ConcurrentHashMap<>();

  public DirectoryBlobStore(Path root) throws IOException {
    this.blobs = Files.createDirectories(root.resolve("blobs"));
    this.partial = Files.createDirectories(root.resolve("partial"));
    this.trash = Files.createDirectories(root.resolve("trash"));
    emptyTrash();
    try (var files = Files.list(blobs)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (n.endsWith(".blob")
            && !Files.exists(blobs.resolve(n.substring(0, n.length() - 5) + ".manifest"))) {
          Files.deleteIfExists(f); // moved into place, but the crash came before its manifest
        }
      }
    }
  }

  private void emptyTrash() throws IOException {
    try (var files = Files.list(trash)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  /** The ids of every complete blob stored. */
  public List<ContentId> ids() throws IOException {
    List<ContentId> out = new ArrayList<>();
    try (var files = Files.list(blobs)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (n.endsWith(".manifest")) {
          try {
            ContentId id = ContentId.fromHex(n.substring(0, n.length() - 9));
            if (has(id)) {
              out.add(id);
            }
          } catch (IllegalArgumentException e) {
            // not a name this store writes
          }
        }
      }
    }
    return out;
  }

  @Override
  public boolean has(ContentId id) {
    return Files.exists(manifestPath(id)) && Files.exists(blobPath(id));
  }

  @Override
  public Optional<BlobManifest> manifest(ContentId id) {
    if (!has(id)) {
      return Optional.empty();
    }
    BlobManifest cached = manifests.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    try {
      BlobManifest m = BlobManifest.decode(Files.readAllBytes(manifestPath(id)));
      if (!m.id().equals(id)) {
        return Optional.empty();
      }
      manifests.put(id, m);
      return Optional.of(m);
    } catch (IOException | MalformedMessageException e) {
      return Optional.empty(); // a damaged manifest file: treat the blob as absent
    }
  }

  @Override
  public Optional<byte[]> readChunk(ContentId id, int index) throws IOException {
    Optional<BlobManifest> m = manifest(id);
    if (m.isEmpty() || index < 0 || index >= m.get().chunkCount()) {
      return Optional.empty();
    }
    byte[] data = new byte[m.get().chunkLength(index)];
    try (FileChannel ch = FileChannel.open(blobPath(id), StandardOpenOption.READ)) {
      readFully(ch, ByteBuffer.wrap(data), (long) index * m.get().chunkSize());
    }
    return Optional.of(data);
  }

  @Override
  public Optional<Path> path(ContentId id) {
    return has(id) ? Optional.of(blobPath(id)) : Optional.empty();
  }

  @Override
  public ContentId put(InputStream content, int chunkSize) throws IOException {
    if (chunkSize < 1 || chunkSize > BlobManifest.MAX_CHUNK) {
      throw new IllegalArgumentException("chunk size out of range: " + chunkSize);
    }
    Path tmp = Files.createTempFile(partial, "put-", ".tmp");
    try {
      MessageDigest whole = Sha256.digest();
      MessageDigest chunk = Sha256.digest();
      List<Hash> hashes = new ArrayList<>();
      long size = 0;
      try (var out = Files.newOutputStream(tmp)) {
        byte[] buf = new byte[chunkSize];
        int n;
        while ((n = content.readNBytes(buf, 0, chunkSize)) > 0) {
          out.write(buf, 0, n);
          whole.update(buf, 0, n);
          chunk.update(buf, 0, n);
          hashes.add(Hash.ofDigest(chunk));
          size += n;
        }
      }
      AtomicFiles.force(tmp);
      BlobManifest m = new BlobManifest(size, chunkSize, Hash.ofDigest(whole), hashes);
      publish(m, tmp);
      return m.id();
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Renames the manifest into {@code trash/} first, so the blob stops being visible before its
   * content goes, then the content; then removes both from there.
   */
  @Override
  public synchronized void delete(ContentId id) throws IOException {
    manifests.remove(id);
    Path m = trash.resolve(id.toHex() + ".manifest");
    Path b = trash.resolve(id.toHex() + ".blob");
    if (Files.exists(manifestPath(id))) {
      AtomicFiles.moveIntoPlace(manifestPath(id), m);
    }
    if (Files.exists(blobPath(id))) {
      AtomicFiles.moveIntoPlace(blobPath(id), b);
    }
    Files.deleteIfExists(m);
    Files.deleteIfExists(b);
  }

  @Override
  public Download beginDownload(BlobManifest manifest) throws IOException {
    return new PartialBlob(manifest);
  }

  /**
   * Moves verified content (already forced to disk) into place, then writes the manifest that marks
   * it complete.
   */
  private synchronized void publish(BlobManifest m, Path content) throws IOException {
    ContentId id = m.id();
    if (has(id)) {
      return;
    }
    AtomicFiles.moveIntoPlace(content, blobPath(id));
    AtomicFiles.write(manifestPath(id), m.encode());
  }

  private Path blobPath(ContentId id) {
    return blobs.resolve(id.toHex() + ".blob");
  }

  private Path manifestPath(ContentId id) {
    return blobs.resolve(id.toHex() + ".manifest");
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, position + buf.position());
      if (n < 0) {
        throw new IOException("blob file shorter than its manifest");
      }
    }
  }

  /** A download in {@code partial/}; chunks already present and valid are kept. */
  private final class PartialBlob implements Download {
    private final BlobManifest manifest;
    private final Path file;
    private final FileChannel channel;
    private final BitSet have = new BitSet();

    PartialBlob(BlobManifest manifest) throws IOException {
      this.manifest = manifest;
      this.file = partial.resolve(manifest.id().toHex() + ".part");
      this.channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      if (has(manifest.id())) {
        have.set(0, manifest.chunkCount());
        return;
      }
      long existing = channel.size();
      for (int i = 0; i < manifest.chunkCount(); i++) {
        long start = (long) i * manifest.chunkSize();
        if (start + manifest.chunkLength(i) > existing) {
          break;
        }
        byte[] data = new byte[manifest.chunkLength(i)];
        readFully(channel, ByteBuffer.wrap(data), start);
        if (manifest.chunkMatches(i, data)) {
          have.set(i);
        }
      }
    }

    @Override
    public List<Integer> missing() {
      List<Integer> out = new ArrayList<>();
      for (int i = have.nextClearBit(0); i < manifest.chunkCount(); i = have.nextClearBit(i + 1)) {
        out.add(i);
      }
      return out;
    }

    @Override
    public boolean writeChunk(int index, byte[] data) throws IOException {
      if (!manifest.chunkMatches(index, data)) {
        return false;
      }
      ByteBuffer buf = ByteBuffer.wrap(data);
      long position = (long) index * manifest.chunkSize();
      while (buf.hasRemaining()) {
        channel.write(buf, position + buf.position());
      }
      have.set(index);
      return true;
    }

    @Override
    public ContentId complete() throws IOException {
      ContentId id = manifest.id();
      if (has(id)) {
        close();
        Files.deleteIfExists(file);
        return id;
      }
      if (have.cardinality() != manifest.chunkCount()) {
        throw new IOException("blob " + id + " is missing " + missing().size() + " chunks");
      }
      channel.truncate(manifest.size());
      channel.force(true);
      MessageDigest whole = Sha256.digest();
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      for (long pos = 0; pos < manifest.size(); ) {
        buf.clear();
        int n = channel.read(buf, pos);
        if (n < 0) {
          throw new IOException("partial blob shrank while verifying");
        }
        whole.update(buf.array(), 0, n);
        pos += n;
      }
      close();
      if (!Hash.ofDigest(whole).equals(manifest.contentHash())) {
        Files.deleteIfExists(file);
        throw new IOException("blob " + id + " does not match its content hash");
      }
      publish(manifest, file);
      return id;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}

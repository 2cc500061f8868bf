package network.pot.node.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Hash;
import network.pot.base.io.AtomicFiles;
import network.pot.p2p.blob.BlobStore;
import network.pot.p2p.blob.ContentId;
import network.pot.p2p.blob.DirectoryBlobStore;

/**
 * The node's artifacts on disk: the content in a {@link DirectoryBlobStore} ({@code blobs/}) and,
 * in {@code keys/}, one small file per protocol key naming the content id it is stored under.
 *
 * <p>The invariant, at every instant and across crashes: a key file exists only while its content
 * is complete and readable. Adding writes the content first and the key file last (and refuses to
 * write a key file for content that is not there); removing deletes the key files first (forced to
 * disk), and only then the content no key names any more, by rename into the store's trash. A crash
 * between the two leaves content that nothing names, which {@link #open} removes.
 */
public final class ArtifactIndex {
  /** A place in {@link #remove} where a test can stop it as a crash would. */
  @FunctionalInterface
  public interface CrashPoint {
    void reached(String step) throws IOException;

    CrashPoint NONE = step -> {};
  }

  private final DirectoryBlobStore store;
  private final Path keys;
  private final CrashPoint crash;

  private ArtifactIndex(DirectoryBlobStore store, Path keys, CrashPoint crash) {
    this.store = store;
    this.keys = keys;
    this.crash = crash;
  }

  /** Opens (or creates) the index in {@code dir}, removing content that no key names. */
  public static ArtifactIndex open(Path dir) throws IOException {
    return open(dir, CrashPoint.NONE);
  }

  public static ArtifactIndex open(Path dir, CrashPoint crash) throws IOException {
    ArtifactIndex index =
        new ArtifactIndex(
            new DirectoryBlobStore(dir.resolve("blobs")),
            Files.createDirectories(dir.resolve("keys")),
            crash);
    index.sweep();
    return index;
  }

  private synchronized void sweep() throws IOException {
    Set<ContentId> named = new HashSet<>(references().values());
    for (ContentId id : store.ids()) {
      if (!named.contains(id)) {
        store.delete(id);
      }
    }
  }

  public BlobStore store() {
    return store;
  }

  /** The content {@code key} names, if it is stored. */
  public Optional<ContentId> resolve(byte[] key) {
    Path p = keys.resolve(Hex.encode(key));
    try {
      if (!Files.exists(p)) {
        return Optional.empty();
      }
      ContentId id = ContentId.fromHex(Files.readString(p).trim());
      return store.has(id) ? Optional.of(id) : Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The file of the content {@code key} names, if it is stored. */
  public Optional<Path> file(byte[] key) {
    return resolve(key).flatMap(store::path);
  }

  /**
   * Stores {@code content} and names it {@code key} (once). The content is written outside the
   * index's lock (it may be large); in the rare case that a collection removed that same content
   * before it was named, this fails and names nothing.
   */
  public void put(byte[] key, InputStream content, int chunkSize) throws IOException {
    if (resolve(key).isPresent()) {
      return;
    }
    if (!name(key, store.put(content, chunkSize))) {
      throw new IOException(
          "artifact " + Hex.encode(key) + " was collected while being stored; store it again");
    }
  }

  /**
   * Names stored content {@code key}; false (nothing written) when the content is not there (it was
   * removed meanwhile).
   */
  public synchronized boolean name(byte[] key, ContentId id) throws IOException {
    if (!store.has(id)) {
      return false;
    }
    AtomicFiles.write(
        keys.resolve(Hex.encode(key)), id.toHex().getBytes(StandardCharsets.US_ASCII));
    return true;
  }

  /** Every stored key with the size of its content in bytes. */
  public synchronized Map<Hash, Long> sizes() throws IOException {
    Map<Hash, Long> out = new HashMap<>();
    for (Map.Entry<Hash, ContentId> e : references().entrySet()) {
      Optional<Path> f = store.path(e.getValue());
      if (f.isPresent()) {
        out.put(e.getKey(), Files.size(f.get()));
      }
    }
    return out;
  }

  /**
   * Removes {@code remove}: their key files first, in the order given (forced to disk), then the
   * content that no key names any more. Returns the keys removed.
   */
  public synchronized List<Hash> remove(Collection<Hash> remove) throws IOException {
    Map<Hash, ContentId> before = references();
    List<Hash> removed = remove.stream().filter(before::containsKey).toList();
    for (Hash k : removed) {
      crash.reached("unname " + k.toHex());
      Files.deleteIfExists(keys.resolve(k.toHex()));
    }
    AtomicFiles.forceDirectory(keys);
    crash.reached("unnamed");
    Set<ContentId> still = new HashSet<>(references().values());
    for (Hash k : removed) {
      ContentId id = before.get(k);
      if (!still.contains(id) && store.has(id)) {
        crash.reached("delete " + id.toHex());
        store.delete(id);
        still.add(id); // another removed key may name it too
      }
    }
    return removed;
  }

  /** Key to content id, for every key file (whether or not its content is there). */
  private Map<Hash, ContentId> references() throws IOException {
    Map<Hash, ContentId> out = new HashMap<>();
    try (var files = Files.list(keys)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (n.length() != 2 * Hash.SIZE) {
          continue; // a temporary sibling of a key file being written
        }
        try {
          out.put(Hash.fromHex(n), ContentId.fromHex(Files.readString(f).trim()));
        } catch (IllegalArgumentException e) {
          // a damaged key file names nothing
        }
      }
    }
    return out;
  }
}

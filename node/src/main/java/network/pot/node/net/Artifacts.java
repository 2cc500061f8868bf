package network.pot.node.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import network.pot.base.bytes.Hex;
import network.pot.base.io.AtomicFiles;
import network.pot.node.api.ArtifactStore;
import network.pot.p2p.P2pNode;
import network.pot.p2p.Reply;
import network.pot.p2p.blob.BlobService;
import network.pot.p2p.blob.ContentId;
import network.pot.p2p.blob.DirectoryBlobStore;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.peer.Penalty;
import network.pot.proof.BlobSink;
import network.pot.proof.BlobSource;

/**
 * Proof-of-training artifacts (task specs, checkpoints, transcripts) on the p2p blob layer. The
 * protocol names them by a 32-byte key of its own (a spec hash, a checkpoint's state hash, a
 * transcript root); the blob layer names content by the hash of its chunk manifest. This class
 * keeps the map from one to the other, answers peers that ask for it ({@link #RESOLVE}), and
 * fetches by key: ask connected peers for the content id, then let the {@link BlobService} transfer
 * the chunks hash-checked, from that peer.
 *
 * <p>Fetched bytes are untrusted: callers check them against the key (the proof verifier does for
 * checkpoints; spec and transcript readers hash what they get; {@link #fetchFile} takes the check
 * and serves only what passed it, as for datasets).
 */
public final class Artifacts implements ArtifactStore, BlobSink, BlobSource, AutoCloseable {
  /** Request protocol: 32-byte key, answered with the 32-byte content id. */
  public static final int RESOLVE = 0x0302;

  private static final int CHUNK = 256 * 1024;

  private final P2pNode p2p;
  private final DirectoryBlobStore store;
  private final BlobService service;
  private final Path index;
  private final long timeoutMillis;

  /** Registers the protocols on {@code p2p} (before it starts). */
  public Artifacts(P2pNode p2p, Path dir, long timeoutMillis) throws IOException {
    this.p2p = p2p;
    this.store = new DirectoryBlobStore(dir.resolve("blobs"));
    this.index = Files.createDirectories(dir.resolve("keys"));
    this.service = new BlobService(p2p, store, 8);
    this.timeoutMillis = timeoutMillis;
    p2p.onRequest(
        RESOLVE,
        (from, body) -> {
          if (body.length != 32) {
            return Reply.badRequest();
          }
          return resolveLocal(body).map(c -> Reply.ok(c.bytes())).orElse(Reply.notFound());
        });
  }

  private Optional<ContentId> resolveLocal(byte[] key) {
    Path p = index.resolve(Hex.encode(key));
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

  /** Stores {@code blob} under {@code key} and makes it available to peers. */
  @Override
  public void put(byte[] key, byte[] blob) throws IOException {
    put(key, new ByteArrayInputStream(blob));
  }

  /** Stores the streamed {@code content} under {@code key} (once) and makes it available. */
  public void put(byte[] key, InputStream content) throws IOException {
    if (resolveLocal(key).isPresent()) {
      return;
    }
    index(key, store.put(content, CHUNK));
  }

  private void index(byte[] key, ContentId id) throws IOException {
    AtomicFiles.write(
        index.resolve(Hex.encode(key)), id.toHex().getBytes(StandardCharsets.US_ASCII));
  }

  /** Decides whether fetched content really is what its key names. */
  @FunctionalInterface
  public interface Check {
    boolean accept(Path content) throws IOException;
  }

  /**
   * A large artifact as a file, from the local store or else from the first connected peer that has
   * it: at most {@code maxBytes}, waiting up to {@code waitMillis} for the transfer. Fetched
   * content that {@code check} accepts is indexed under the key, so this node serves it from then
   * on; content it refuses is not (the next call asks the peers again).
   */
  public Optional<Path> fetchFile(byte[] key, long maxBytes, long waitMillis, Check check)
      throws IOException {
    Optional<ContentId> local = resolveLocal(key);
    if (local.isPresent()) {
      return store.path(local.get());
    }
    for (NodeId peer : new ArrayList<>(p2p.peers())) {
      try {
        Reply r = p2p.request(peer, RESOLVE, key).get(timeoutMillis, TimeUnit.MILLISECONDS);
        if (!r.isOk() || r.body().length != 32) {
          continue;
        }
        ContentId id = ContentId.of(r.body());
        service.fetch(id, List.of(peer), maxBytes).get(waitMillis, TimeUnit.MILLISECONDS);
        Path file = store.path(id).orElseThrow();
        if (check.accept(file)) {
          index(key, id);
          return Optional.of(file);
        }
        // the peer resolved the key to content that is not what the key names
        p2p.penalize(peer, Penalty.INVALID_MESSAGE);
      } catch (ExecutionException | TimeoutException e) {
        // this peer could not supply it; try the next
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while fetching an artifact", e);
      }
    }
    return Optional.empty();
  }

  /** Whether this node holds the artifact. */
  @Override
  public boolean has(byte[] key) {
    return resolveLocal(key).isPresent();
  }

  /** The artifact, from the local store or else from the first connected peer that has it. */
  @Override
  public Optional<byte[]> fetch(byte[] key) throws IOException {
    Optional<ContentId> local = resolveLocal(key);
    if (local.isPresent()) {
      return Optional.of(Files.readAllBytes(store.path(local.get()).orElseThrow()));
    }
    List<NodeId> peers = new ArrayList<>(p2p.peers());
    for (NodeId peer : peers) {
      try {
        Reply r = p2p.request(peer, RESOLVE, key).get(timeoutMillis, TimeUnit.MILLISECONDS);
        if (!r.isOk() || r.body().length != 32) {
          continue;
        }
        ContentId id = ContentId.of(r.body());
        service.fetch(id, List.of(peer)).get(timeoutMillis * 4, TimeUnit.MILLISECONDS);
        // not indexed under the key: the peer's claim is unchecked until the caller checks it
        return Optional.of(Files.readAllBytes(store.path(id).orElseThrow()));
      } catch (ExecutionException | TimeoutException e) {
        // this peer could not supply it; try the next
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while fetching an artifact", e);
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    service.close();
  }
}

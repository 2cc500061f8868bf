package network.pot.node.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Hash;
import network.pot.node.api.ArtifactStore;
import network.pot.node.storage.ArtifactIndex;
import network.pot.p2p.P2pNode;
import network.pot.p2p.Reply;
import network.pot.p2p.blob.BlobService;
import network.pot.p2p.blob.ContentId;
import network.pot.p2p.blob.ServedBlobStore;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.peer.Penalty;
import network.pot.proof.BlobSink;
import network.pot.proof.BlobSource;
import network.pot.tensor.train.Checkpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proof-of-training artifacts (task specs, checkpoints, transcripts, dataset bundles) on the p2p
 * blob layer. The protocol names them by a 32-byte key of its own (a spec hash, a checkpoint's
 * state hash, a transcript root, a dataset's hash); the blob layer names content by the hash of its
 * chunk manifest. This class keeps the map from one to the other, answers peers that ask for it
 * ({@link #RESOLVE}), and fetches by key.
 *
 * <p>A peer's answer is a claim: "this content id is what your key names". A fetch asks the
 * connected peers in turn, best score first: each one's content id, then the content from it (the
 * {@link BlobService} checks every chunk against the manifest and refuses content larger than the
 * caller's limit before any chunk is asked for), then the caller's check of the content against the
 * key. Content that passes is indexed under the key and served on; a peer that has nothing, too
 * much or is too slow is passed over for the next; a peer whose content fails the check lied (an
 * honest peer only serves what it put itself or what passed this same check) and is banned ({@link
 * Penalty#WRONG_CONTENT}), and its content is deleted.
 */
public final class Artifacts implements ArtifactStore, BlobSink, BlobSource, AutoCloseable {
  /** Request protocol: 32-byte key, answered with the 32-byte content id. */
  public static final int RESOLVE = 0x0302;

  private static final Logger LOG = LoggerFactory.getLogger(Artifacts.class);
  private static final int CHUNK = 256 * 1024;

  /** The most bytes a checkpoint can have (its format's limit). */
  private static final int MAX_CHECKPOINT_BYTES = Integer.MAX_VALUE - 64;

  private final P2pNode p2p;
  private final ArtifactIndex index;
  private final ServedBlobStore store;
  private final Map<Hash, ContentId> servedInPlace = new ConcurrentHashMap<>();
  private final BlobService service;
  private final long timeoutMillis;
  private volatile Producer producer;

  /**
   * Makes an artifact this node does not hold but can produce on demand: a miner that stored only
   * some checkpoints re-trains the one a verifier asks for ({@link
   * network.pot.proof.CheckpointServer}). It runs on a p2p worker thread, within the time the
   * asking peer waits ({@link #timeoutMillis()}).
   */
  @FunctionalInterface
  public interface Producer {
    /** The content {@code key} names, or empty when this node cannot produce it. */
    Optional<byte[]> produce(byte[] key) throws IOException;
  }

  /** Registers the protocols on {@code p2p} (before it starts). */
  public Artifacts(P2pNode p2p, Path dir, long timeoutMillis) throws IOException {
    this.p2p = p2p;
    this.index = ArtifactIndex.open(dir);
    this.store = new ServedBlobStore(index.store());
    this.service = new BlobService(p2p, store, 8);
    this.timeoutMillis = timeoutMillis;
    p2p.onRequest(
        RESOLVE,
        (from, body) -> {
          if (body.length != 32) {
            return Reply.badRequest();
          }
          return resolveOrProduce(body).map(c -> Reply.ok(c.bytes())).orElse(Reply.notFound());
        });
  }

  /** Sets what produces the artifacts this node is asked for and does not hold. */
  public void produceWith(Producer p) {
    this.producer = p;
  }

  /** How long a fetch waits for a peer to name an artifact's content. */
  public long timeoutMillis() {
    return timeoutMillis;
  }

  /** This node's own copies only, never a peer's: what a prover serves from. */
  public BlobSource local() {
    return id -> {
      Optional<Path> p = resolveLocal(id).flatMap(store::path);
      return p.isPresent() ? Optional.of(Files.readAllBytes(p.get())) : Optional.empty();
    };
  }

  /**
   * Serves {@code source}'s content to peers under {@code key} without storing a copy: an
   * operator's dataset directory, read in place as its bundle. The content is read once now, for
   * its manifest. It is not among the artifacts this node holds ({@link #has} is false for it),
   * only among those it answers for.
   */
  public void serveInPlace(byte[] key, ServedBlobStore.Source source) throws IOException {
    servedInPlace.put(Hash.of(key), store.serve(source, CHUNK));
  }

  private Optional<ContentId> resolveOrProduce(byte[] key) {
    Optional<ContentId> held = resolveLocal(key);
    if (held.isEmpty() && key.length == Hash.SIZE) {
      held = Optional.ofNullable(servedInPlace.get(Hash.of(key)));
    }
    Producer p = producer;
    if (held.isPresent() || p == null) {
      return held;
    }
    try {
      Optional<byte[]> made = p.produce(key);
      if (made.isEmpty()) {
        return Optional.empty();
      }
      put(key, made.get());
      return resolveLocal(key);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} could not produce artifact {}: {}", p2p.id(), Hex.encode(key), e.toString());
      return Optional.empty();
    }
  }

  private Optional<ContentId> resolveLocal(byte[] key) {
    return index.resolve(key);
  }

  /** The keys and content on disk, for retention and garbage collection. */
  public ArtifactIndex index() {
    return index;
  }

  /** Stores {@code blob} under {@code key} and makes it available to peers. */
  @Override
  public void put(byte[] key, byte[] blob) throws IOException {
    put(key, new ByteArrayInputStream(blob));
  }

  /** Stores the streamed {@code content} under {@code key} (once) and makes it available. */
  public void put(byte[] key, InputStream content) throws IOException {
    index.put(key, content, CHUNK);
  }

  /** Decides whether fetched content, as a file, really is what its key names. */
  @FunctionalInterface
  public interface FileCheck {
    boolean accept(Path content) throws IOException;
  }

  /**
   * Reads content (a file of at most the caller's limit): what it is, or empty if not the key's.
   */
  @FunctionalInterface
  private interface Reading<T> {
    Optional<T> read(Path content) throws IOException;
  }

  /**
   * A large artifact as a file: this node's copy, or else the first that a connected peer supplies
   * within {@code maxBytes} and {@code waitMillis} and that {@code check} accepts. The check must
   * be true exactly of the content the key names: a peer whose content it refuses is banned. It may
   * throw when it cannot decide (a local failure), which ends the fetch.
   */
  public Optional<Path> fetchFile(byte[] key, long maxBytes, long waitMillis, FileCheck check)
      throws IOException {
    return obtain(
        key, maxBytes, waitMillis, f -> check.accept(f) ? Optional.of(f) : Optional.empty());
  }

  /** Whether this node holds the artifact. */
  @Override
  public boolean has(byte[] key) {
    return resolveLocal(key).isPresent();
  }

  @Override
  public Optional<byte[]> fetch(byte[] key, int maxBytes, Check check) throws IOException {
    return obtain(
        key,
        maxBytes,
        timeoutMillis * 4,
        f -> {
          byte[] b = Files.readAllBytes(f);
          return check.matches(b) ? Optional.of(b) : Optional.empty();
        });
  }

  /**
   * A checkpoint by its state hash, at most {@code maxBytes} long: content sealed with that hash
   * ({@link Checkpoint#sealedWith}), whoever supplies it.
   */
  @Override
  public Optional<byte[]> fetch(byte[] stateHash, int maxBytes) throws IOException {
    return fetch(stateHash, maxBytes, b -> Checkpoint.sealedWith(b, stateHash));
  }

  /** A checkpoint by its state hash, as long as its format allows. */
  @Override
  public Optional<byte[]> fetch(byte[] stateHash) throws IOException {
    return fetch(stateHash, MAX_CHECKPOINT_BYTES);
  }

  private <T> Optional<T> obtain(byte[] key, long maxBytes, long waitMillis, Reading<T> reading)
      throws IOException {
    Optional<Path> local = resolveLocal(key).flatMap(store::path);
    if (local.isPresent() && Files.size(local.get()) <= maxBytes) {
      Optional<T> mine = reading.read(local.get());
      if (mine.isPresent()) {
        return mine;
      }
    }
    List<NodeId> peers =
        p2p.peers().stream()
            .sorted(Comparator.comparingDouble(p2p::score).reversed())
            .toList(); // best first; equal scores keep the order by id
    for (NodeId peer : peers) {
      if (p2p.isBanned(peer)) {
        continue;
      }
      Optional<T> got = fetchFrom(peer, key, maxBytes, waitMillis, reading);
      if (got.isPresent()) {
        return got;
      }
    }
    return Optional.empty();
  }

  /** The artifact from {@code peer}, if it supplies content within the limits that passes. */
  private <T> Optional<T> fetchFrom(
      NodeId peer, byte[] key, long maxBytes, long waitMillis, Reading<T> reading)
      throws IOException {
    ContentId id;
    try {
      Reply r = p2p.request(peer, RESOLVE, key).get(timeoutMillis, TimeUnit.MILLISECONDS);
      if (!r.isOk() || r.body().length != 32) {
        return Optional.empty();
      }
      id = ContentId.of(r.body());
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
    boolean held = store.has(id);
    CompletableFuture<ContentId> transfer = service.fetch(id, List.of(peer), maxBytes);
    try {
      transfer.get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      transfer.cancel(false);
      return Optional.empty();
    } catch (ExecutionException | CancellationException e) {
      return Optional.empty(); // larger than allowed, or the peer did not supply it
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
    Optional<Path> file = store.path(id);
    if (file.isEmpty() || Files.size(file.get()) > maxBytes) {
      return Optional.empty(); // deleted meanwhile, or held already and larger than allowed
    }
    Optional<T> got = reading.read(file.get());
    if (got.isPresent()) {
      return index.name(key, id) ? got : Optional.empty(); // empty: collected meanwhile
    }
    LOG.warn(
        "{} peer {} answered artifact {} with content {} that is not it; banning it",
        p2p.id(),
        peer,
        Hex.encode(key).substring(0, 12),
        id);
    p2p.penalize(peer, Penalty.WRONG_CONTENT);
    if (!held) {
      store.delete(id);
    }
    return Optional.empty();
  }

  private static IOException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new IOException("interrupted while fetching an artifact", e);
  }

  @Override
  public void close() {
    service.close();
  }
}

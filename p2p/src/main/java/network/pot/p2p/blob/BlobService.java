package network.pot.p2p.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.p2p.P2pNode;
import network.pot.p2p.Protocols;
import network.pot.p2p.Reply;
import network.pot.p2p.Threads;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.peer.Penalty;
import network.pot.p2p.wire.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content-addressed blob transfer. Serves the blobs of a {@link BlobStore} to peers and fetches
 * blobs from them: first the manifest (checked against the content id), then the chunks, several in
 * flight spread round-robin over the source peers. Every chunk is checked against its hash in the
 * manifest before it is written; a corrupt chunk penalizes the peer that sent it, drops that peer
 * from the download and is asked again from another. The blob becomes visible in the store only
 * when the whole content matches.
 *
 * <p>Download state lives on one thread; network callbacks post to it.
 */
public final class BlobService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BlobService.class);
  private static final int MAX_PEER_FAILURES = 3;
  private static final int CHUNK_REQUEST_BYTES = Hash.SIZE + 4;

  private final P2pNode node;
  private final BlobStore store;
  private final int window;
  private final ExecutorService loop;
  private final Map<ContentId, CompletableFuture<ContentId>> active = new ConcurrentHashMap<>();

  /**
   * Registers the blob protocols on {@code node}; call before {@link P2pNode#start()}.
   *
   * @param window chunk requests in flight per download
   */
  public BlobService(P2pNode node, BlobStore store, int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1");
    }
    this.node = node;
    this.store = store;
    this.window = window;
    this.loop = Threads.pool("blob", node, 1);
    node.onRequest(Protocols.BLOB_MANIFEST, (from, body) -> serveManifest(body));
    node.onRequest(Protocols.BLOB_CHUNK, (from, body) -> serveChunk(body));
  }

  /**
   * Fetches a blob into the store from {@code sources} (all connected peers if empty). Completes
   * with the id once the verified blob is stored, or exceptionally when no source could supply it.
   */
  public CompletableFuture<ContentId> fetch(ContentId id, List<NodeId> sources) {
    return fetch(id, sources, Long.MAX_VALUE);
  }

  /**
   * Like {@link #fetch(ContentId, List)}, refusing a blob whose manifest says it is larger than
   * {@code maxBytes} before any chunk is asked for. Cancelling the returned future stops the
   * download: no more chunks are asked for, and the partial file is closed once the requests in
   * flight are answered (it stays, to be resumed by a later fetch).
   */
  // the cleanup callback cannot fail; callers hold the download's own future
  @SuppressWarnings("FutureReturnValueIgnored")
  public CompletableFuture<ContentId> fetch(ContentId id, List<NodeId> sources, long maxBytes) {
    if (store.has(id)) {
      return CompletableFuture.completedFuture(id);
    }
    List<NodeId> peers = sources.isEmpty() ? node.peers() : List.copyOf(sources);
    return active.computeIfAbsent(
        id,
        k -> {
          CompletableFuture<ContentId> f = new CompletableFuture<>();
          f.whenComplete((v, e) -> active.remove(id));
          loop.execute(() -> new Fetch(id, peers, maxBytes, f).start());
          return f;
        });
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }

  private Reply serveManifest(byte[] body) {
    if (body.length != Hash.SIZE) {
      return Reply.badRequest();
    }
    return store
        .manifest(ContentId.of(body))
        .map(m -> Reply.ok(m.encode()))
        .orElse(Reply.notFound());
  }

  private Reply serveChunk(byte[] body) {
    if (body.length != CHUNK_REQUEST_BYTES) {
      return Reply.badRequest();
    }
    ContentId id;
    int index;
    try {
      Reader in = new Reader(body);
      id = ContentId.of(in.raw(Hash.SIZE));
      index = in.u32();
    } catch (DecodeException e) {
      return Reply.notFound(); // an index of 2^31 or more names no chunk
    }
    try {
      return store.readChunk(id, index).map(Reply::ok).orElse(Reply.notFound());
    } catch (IOException e) {
      log.warn("{} cannot read blob chunk: {}", node.id(), e.toString());
      return Reply.notFound();
    }
  }

  /** A chunk request: the content id and the chunk index (u32). */
  private static byte[] chunkRequest(ContentId id, int index) {
    return new Writer(CHUNK_REQUEST_BYTES).raw(id.unsafeArray()).u32(index).toByteArray();
  }

  /** One download; all methods run on the blob thread. */
  private final class Fetch {
    private final ContentId id;
    private final List<NodeId> sources;
    private final long maxBytes;
    private final CompletableFuture<ContentId> result;
    private final Set<NodeId> excluded = new HashSet<>();
    private final Map<NodeId, Integer> failures = new HashMap<>();
    private final Deque<Integer> queue = new ArrayDeque<>();
    private BlobStore.Download download;
    private int inFlight;
    private int turn;

    Fetch(ContentId id, List<NodeId> sources, long maxBytes, CompletableFuture<ContentId> result) {
      this.id = id;
      this.sources = new ArrayList<>(sources);
      this.maxBytes = maxBytes;
      this.result = result;
    }

    void start() {
      askManifest(0);
    }

    // the callback hands both outcomes to the blob thread; nothing waits on what it returns
    @SuppressWarnings("FutureReturnValueIgnored")
    private void askManifest(int index) {
      if (index >= sources.size()) {
        fail("no peer supplied the manifest of " + id);
        return;
      }
      NodeId peer = sources.get(index);
      node.request(peer, Protocols.BLOB_MANIFEST, id.toArray())
          .whenComplete((reply, err) -> loop.execute(() -> onManifest(index, peer, reply, err)));
    }

    private void onManifest(int index, NodeId peer, Reply reply, Throwable err) {
      if (result.isDone()) {
        return; // cancelled
      }
      if (err != null || !reply.isOk()) {
        excluded.add(peer);
        askManifest(index + 1);
        return;
      }
      Optional<BlobManifest> m = verifiedManifest(reply.body());
      if (m.isEmpty()) {
        node.penalize(peer, Penalty.CORRUPT_CHUNK);
        excluded.add(peer);
        askManifest(index + 1);
        return;
      }
      if (m.get().size() > maxBytes) {
        // the manifest matches the id, so every source would say the same
        fail(
            "blob "
                + id
                + " is "
                + m.get().size()
                + " bytes, more than the "
                + maxBytes
                + " allowed");
        return;
      }
      try {
        download = store.beginDownload(m.get());
        queue.addAll(download.missing());
        pump();
      } catch (IOException | UncheckedIOException e) {
        fail("cannot store blob " + id + ": " + e.getMessage());
      }
    }

    private Optional<BlobManifest> verifiedManifest(byte[] bytes) {
      try {
        BlobManifest m = BlobManifest.decode(bytes);
        return m.id().equals(id) ? Optional.of(m) : Optional.empty();
      } catch (MalformedMessageException e) {
        return Optional.empty();
      }
    }

    // the callback hands both outcomes to the blob thread; nothing waits on what it returns
    @SuppressWarnings("FutureReturnValueIgnored")
    private void pump() {
      if (result.isDone()) {
        return;
      }
      if (queue.isEmpty() && inFlight == 0) {
        finish();
        return;
      }
      while (inFlight < window && !queue.isEmpty()) {
        Optional<NodeId> peer = nextPeer();
        if (peer.isEmpty()) {
          if (inFlight == 0) {
            fail("every source of " + id + " failed or sent corrupt chunks");
          }
          return;
        }
        int index = queue.pollFirst();
        inFlight++;
        NodeId p = peer.get();
        node.request(p, Protocols.BLOB_CHUNK, chunkRequest(id, index))
            .whenComplete((reply, err) -> loop.execute(() -> onChunk(p, index, reply, err)));
      }
    }

    private Optional<NodeId> nextPeer() {
      for (int i = 0; i < sources.size(); i++) {
        NodeId p = sources.get(turn++ % sources.size());
        if (!excluded.contains(p) && !node.isBanned(p)) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }

    private void onChunk(NodeId peer, int index, Reply reply, Throwable err) {
      inFlight--;
      if (result.isDone()) {
        if (result.isCancelled() && inFlight == 0) {
          closeDownload();
        }
        return;
      }
      if (err != null || !reply.isOk()) {
        if (failures.merge(peer, 1, Integer::sum) >= MAX_PEER_FAILURES) {
          excluded.add(peer);
        }
        queue.addLast(index);
      } else {
        try {
          if (!download.writeChunk(index, reply.body())) {
            log.info("{} corrupt chunk {} of {} from {}", node.id(), index, id, peer);
            node.penalize(peer, Penalty.CORRUPT_CHUNK);
            excluded.add(peer);
            queue.addFirst(index);
          }
        } catch (IOException e) {
          fail("cannot write blob " + id + ": " + e.getMessage());
          return;
        }
      }
      pump();
    }

    private void finish() {
      try {
        result.complete(download.complete());
      } catch (IOException e) {
        fail(e.getMessage());
      }
    }

    private void fail(String why) {
      closeDownload();
      result.completeExceptionally(new IOException(why));
    }

    private void closeDownload() {
      if (download != null) {
        try {
          download.close();
        } catch (IOException e) {
          log.debug("{} closing partial blob: {}", node.id(), e.toString());
        }
      }
    }
  }
}

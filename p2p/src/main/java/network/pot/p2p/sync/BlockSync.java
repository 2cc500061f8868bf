package network.pot.p2p.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.p2p.P2pNode;
import network.pot.p2p.PeerListener;
import network.pot.p2p.Protocols;
import network.pot.p2p.Reply;
import network.pot.p2p.Threads;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.peer.Penalty;
import network.pot.p2p.wire.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Block sync: serves this node's blocks to peers and catches this node up with theirs.
 *
 * <p>Peers tell each other their heights ({@link Protocols#SYNC_STATUS}) on connect and whenever
 * the node calls {@link #announce()}. While a peer is ahead, the node requests consecutive ranges
 * of up to {@code batch} blocks, keeping up to {@code window} requests in flight spread across all
 * peers that have them, so a new or restarted node downloads from several peers at once. Responses
 * may arrive out of order; blocks are buffered and offered to the {@link BlockSink} strictly in
 * height order. A block the sink rejects penalizes the peer that served it and its range is asked
 * again elsewhere; failed, short or timed-out requests are requeued.
 *
 * <p>All sync state lives on one thread; network callbacks only post events to it.
 */
public final class BlockSync implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BlockSync.class);

  private final P2pNode node;
  private final BlockSource source;
  private final BlockSink sink;
  private final int batch;
  private final int window;
  private final int maxResponseBytes;
  private final ExecutorService loop;

  // ---- state owned by the sync thread ----
  private final Map<NodeId, Long> peerHeights = new HashMap<>();
  private final Map<NodeId, Integer> inFlightPerPeer = new HashMap<>();
  private final Deque<long[]> retry = new ArrayDeque<>();
  private final TreeMap<Long, Served> buffered = new TreeMap<>();
  private int inFlight;
  private long nextToRequest = 1;

  private record Served(
      // a received block held until it is applied; never compared by value
      @SuppressWarnings("ArrayRecordComponent") byte[] block, NodeId peer) {}

  /**
   * Registers the sync protocols on {@code node}; call before {@link P2pNode#start()}.
   *
   * @param batch blocks per request
   * @param window requests in flight at once
   */
  public BlockSync(P2pNode node, BlockSource source, BlockSink sink, int batch, int window) {
    if (batch < 1 || window < 1) {
      throw new IllegalArgumentException("batch and window must be >= 1");
    }
    this.node = node;
    this.source = source;
    this.sink = sink;
    this.batch = batch;
    this.window = window;
    this.maxResponseBytes = node.maxPayloadBytes();
    this.loop = Threads.pool("sync", node, 1);
    node.onRequest(Protocols.SYNC_BLOCKS, (from, body) -> serve(body));
    node.onDirect(Protocols.SYNC_STATUS, this::onStatus);
    node.addListener(
        new PeerListener() {
          @Override
          public void connected(NodeId peer) {
            node.sendDirect(peer, Protocols.SYNC_STATUS, status());
          }

          @Override
          public void disconnected(NodeId peer) {
            post(() -> peerHeights.remove(peer));
          }
        });
  }

  /** Tells every peer our height; the node calls it after appending blocks. */
  public void announce() {
    byte[] s = status();
    node.peers().forEach(p -> node.sendDirect(p, Protocols.SYNC_STATUS, s));
  }

  /** The best height any peer has announced (0 if none). */
  public long bestPeerHeight() {
    try {
      return loop.submit(this::bestHeight).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("sync thread unavailable", e);
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }

  /** Runs {@code task} on the sync thread; after {@link #close()} events are dropped. */
  private void post(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException closed) {
      // closing: peers disconnecting and late replies have nothing left to update
    }
  }

  /** A status message: our height as a u64. */
  private byte[] status() {
    return new Writer(8).u64(source.height()).toByteArray();
  }

  private boolean onStatus(NodeId from, byte[] body) {
    long h;
    try {
      Reader in = new Reader(body);
      h = in.amount();
      in.end();
    } catch (DecodeException e) {
      return false; // not 8 bytes, or a negative height
    }
    post(
        () -> {
          peerHeights.put(from, h);
          schedule();
        });
    return true;
  }

  /** Answers a range request with as many consecutive blocks as fit in one frame. */
  private Reply serve(byte[] body) {
    long[] req;
    try {
      req = BlockBatch.decodeRequest(body);
    } catch (MalformedMessageException e) {
      return Reply.badRequest();
    }
    List<byte[]> blocks = new ArrayList<>();
    int bytes = 4;
    long end = Math.min(req[0] + Math.min(req[1], 1024) - 1, source.height());
    for (long h = req[0]; h <= end; h++) {
      Optional<byte[]> b = source.block(h);
      if (b.isEmpty() || bytes + 4 + b.get().length > maxResponseBytes) {
        break;
      }
      bytes += 4 + b.get().length;
      blocks.add(b.get());
    }
    return blocks.isEmpty() ? Reply.notFound() : Reply.ok(BlockBatch.encodeBlocks(blocks));
  }

  private long bestHeight() {
    return peerHeights.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  /** Fills the request window (sync thread). */
  private void schedule() {
    long local = sink.height();
    nextToRequest = Math.max(nextToRequest, local + 1);
    while (inFlight < window) {
      long[] range = nextRange(local);
      if (range == null) {
        return;
      }
      Optional<NodeId> peer = pickPeer(range[1]);
      if (peer.isEmpty()) {
        retry.addFirst(range);
        return;
      }
      send(peer.get(), range);
    }
  }

  private long[] nextRange(long local) {
    while (!retry.isEmpty()) {
      long[] r = retry.pollFirst();
      if (r[1] > local) {
        return new long[] {Math.max(r[0], local + 1), r[1]};
      }
    }
    long best = bestHeight();
    if (nextToRequest > best) {
      return null;
    }
    long end = Math.min(nextToRequest + batch - 1, best);
    long[] r = {nextToRequest, end};
    nextToRequest = end + 1;
    return r;
  }

  /** The peer that has {@code height} with the fewest requests in flight (ties: lowest id). */
  private Optional<NodeId> pickPeer(long height) {
    NodeId best = null;
    int bestLoad = Integer.MAX_VALUE;
    for (Map.Entry<NodeId, Long> e : new TreeMap<>(peerHeights).entrySet()) {
      int load = inFlightPerPeer.getOrDefault(e.getKey(), 0);
      if (e.getValue() >= height && load < bestLoad && !node.isBanned(e.getKey())) {
        best = e.getKey();
        bestLoad = load;
      }
    }
    return Optional.ofNullable(best);
  }

  // the callback hands both outcomes to the sync thread; nothing waits on what it returns
  @SuppressWarnings("FutureReturnValueIgnored")
  private void send(NodeId peer, long[] range) {
    int count = (int) (range[1] - range[0] + 1);
    inFlight++;
    inFlightPerPeer.merge(peer, 1, Integer::sum);
    node.request(peer, Protocols.SYNC_BLOCKS, BlockBatch.encodeRequest(range[0], count))
        .whenComplete((reply, err) -> post(() -> onReply(peer, range, reply, err)));
  }

  private void onReply(NodeId peer, long[] range, Reply reply, Throwable err) {
    inFlight--;
    inFlightPerPeer.merge(peer, -1, Integer::sum);
    int count = (int) (range[1] - range[0] + 1);
    if (err != null || !reply.isOk()) {
      if (reply != null && !reply.isOk()) {
        // the peer does not have the range after all: lower what we believe it has
        peerHeights.computeIfPresent(peer, (p, h) -> Math.min(h, range[0] - 1));
      }
      retry.addLast(range);
    } else {
      try {
        List<byte[]> blocks = BlockBatch.decodeBlocks(reply.body(), count);
        for (int i = 0; i < blocks.size(); i++) {
          buffered.putIfAbsent(range[0] + i, new Served(blocks.get(i), peer));
        }
        if (blocks.size() < count) {
          retry.addFirst(new long[] {range[0] + blocks.size(), range[1]});
        }
      } catch (MalformedMessageException e) {
        node.penalize(peer, Penalty.INVALID_MESSAGE);
        retry.addLast(range);
      }
    }
    apply();
    schedule();
  }

  /** Offers buffered blocks to the sink in height order. */
  private void apply() {
    boolean progressed = false;
    while (true) {
      long local = sink.height();
      buffered.headMap(local, true).clear();
      Served next = buffered.get(local + 1);
      if (next == null) {
        break;
      }
      buffered.remove(local + 1);
      BlockSink.ImportResult r = sink.importBlock(local + 1, next.block());
      if (r == BlockSink.ImportResult.INVALID) {
        log.info("{} block {} from {} is invalid", node.id(), local + 1, next.peer());
        node.penalize(next.peer(), Penalty.INVALID_BLOCK);
        peerHeights.remove(next.peer());
        retry.addFirst(new long[] {local + 1, local + 1});
        break;
      }
      progressed = true;
    }
    if (progressed) {
      announce();
    }
  }
}

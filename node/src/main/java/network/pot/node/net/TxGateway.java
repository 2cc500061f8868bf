package network.pot.node.net;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.StateView;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.Transaction;
import network.pot.chain.tx.TransactionCodec;
import network.pot.node.api.TxSubmission;
import network.pot.node.ledger.Mempool;
import network.pot.p2p.P2pNode;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.gossip.Topics;
import network.pot.p2p.gossip.Validation;
import network.pot.p2p.peer.Penalty;

/**
 * Where transactions enter the node: from clients (RPC), from this node's own workers, and from
 * peers' gossip. Each is admitted to the mempool against the committed state and, when new and
 * admissible, gossiped on. Malformed or forged gossip penalizes the peer that sent it.
 *
 * <p>Gossip carries batches: what this node admits within {@link #FLUSH_MS} leaves as one message
 * (a u32 count, then each encoded transaction behind its u32 length), so a load of thousands of
 * transactions a second costs peers tens of messages, not thousands. A peer relays a batch whole
 * when it admitted any of it; a batch holding a forged or undecodable transaction is refused and
 * its sender penalized.
 */
public final class TxGateway implements TxSubmission, AutoCloseable {
  /** Longest a transaction this node admitted waits before it is gossiped. */
  public static final long FLUSH_MS = 10;

  /** Most transactions in one gossip batch. */
  public static final int MAX_BATCH = 4096;

  /** Peer batches waiting to be checked before more are dropped. */
  public static final int MAX_QUEUED_BATCHES = 1024;

  /** Largest gossip batch in bytes. */
  public static final int MAX_BATCH_BYTES = 1 << 20;

  private final P2pNode p2p;
  private final Mempool mempool;
  private final Supplier<? extends StateView> state;
  private final ScheduledExecutorService flusher;
  private final ThreadPoolExecutor checker;
  private final AtomicLong dropped = new AtomicLong();
  private final List<byte[]> pending = new ArrayList<>();
  private final Map<Hash, Own> own = new LinkedHashMap<>();
  private int pendingBytes;

  /** Registers the transaction topic on {@code p2p} (before it starts). */
  public TxGateway(P2pNode p2p, Mempool mempool, Supplier<? extends StateView> state) {
    this.p2p = p2p;
    this.mempool = mempool;
    this.state = state;
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tx-gossip");
              t.setDaemon(true);
              return t;
            });
    // The flush repeats until the executor shuts down; nothing waits on its handle.
    @SuppressWarnings("FutureReturnValueIgnored")
    var unused =
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MS, FLUSH_MS, TimeUnit.MILLISECONDS);
    this.checker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_QUEUED_BATCHES),
            r -> {
              Thread t = new Thread(r, "tx-check");
              t.setDaemon(true);
              return t;
            });
    p2p.onGossip(Topics.TRANSACTIONS, this::onGossip);
  }

  /**
   * Takes a peer's batch off the network thread: checking signatures there would hold up the
   * consensus messages that share the connection. A worker admits the batch, relays it when any of
   * it was new, and penalizes the peer when it was malformed or forged. When the workers are
   * behind, batches are dropped (gossip is best effort: the transactions reach this node in
   * blocks).
   */
  private Validation onGossip(NodeId from, byte[] payload) {
    try {
      checker.execute(() -> check(from, payload));
    } catch (RejectedExecutionException busy) {
      dropped.incrementAndGet();
    }
    return Validation.IGNORE;
  }

  private void check(NodeId from, byte[] payload) {
    Optional<List<SignedTransaction>> batch = decodeBatch(payload);
    if (batch.isEmpty()) {
      p2p.penalize(from, Penalty.INVALID_MESSAGE);
      return;
    }
    StateView s = state.get();
    boolean any = false;
    for (SignedTransaction tx : batch.get()) {
      Mempool.Admission a = mempool.add(tx, s);
      if (a.admitted()) {
        any = true;
      } else if (switch (a.rejection()) {
        case BAD_SIGNATURE, TOO_LARGE, WRONG_CHAIN -> true;
        default -> false;
      }) {
        p2p.penalize(from, Penalty.INVALID_MESSAGE);
        return;
      }
    }
    if (any) {
      p2p.publish(Topics.TRANSACTIONS, payload);
    }
  }

  /** Peer batches dropped because the checkers were behind. */
  public long dropped() {
    return dropped.get();
  }

  /** Admits a client's or worker's transaction and gossips it (batched) when admitted. */
  @Override
  public Mempool.Admission submit(SignedTransaction tx) {
    return submit(tx, false);
  }

  /** As {@link #submit(SignedTransaction)}; the caller verified the signature when told so. */
  @Override
  public Mempool.Admission submit(SignedTransaction tx, boolean signatureChecked) {
    Mempool.Admission a = mempool.add(tx, state.get(), signatureChecked);
    if (a.admitted()) {
      enqueue(tx.encode());
    }
    return a;
  }

  private void enqueue(byte[] encoded) {
    boolean full;
    synchronized (pending) {
      pending.add(encoded);
      pendingBytes += encoded.length + 4;
      full =
          pending.size() >= MAX_BATCH
              || pendingBytes + TransactionCodec.MAX_SIZE + 8 > MAX_BATCH_BYTES;
    }
    if (full) {
      try {
        flusher.execute(this::flush);
      } catch (RejectedExecutionException closing) {
        flush();
      }
    }
  }

  private void flush() {
    List<byte[]> out;
    synchronized (pending) {
      if (pending.isEmpty()) {
        return;
      }
      out = new ArrayList<>(pending);
      pending.clear();
      pendingBytes = 0;
    }
    for (int i = 0; i < out.size(); i += MAX_BATCH) {
      p2p.publish(
          Topics.TRANSACTIONS, encodeBatch(out.subList(i, Math.min(out.size(), i + MAX_BATCH))));
    }
  }

  /** The gossip form of a batch of encoded transactions. */
  static byte[] encodeBatch(List<byte[]> txs) {
    Writer w = new Writer();
    w.u32(txs.size());
    for (byte[] tx : txs) {
      w.u32(tx.length).raw(tx);
    }
    return w.toByteArray();
  }

  /** The transactions of a gossip batch; empty when it is malformed in any way. */
  static Optional<List<SignedTransaction>> decodeBatch(byte[] payload) {
    if (payload.length > MAX_BATCH_BYTES) {
      return Optional.empty();
    }
    Reader in = new Reader(payload);
    try {
      int n = in.u32();
      if (n < 1 || n > MAX_BATCH) {
        return Optional.empty();
      }
      List<SignedTransaction> txs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int len = in.u32();
        if (len < 1 || len > TransactionCodec.MAX_SIZE || len > in.remaining()) {
          return Optional.empty();
        }
        txs.add(TransactionCodec.decode(in.raw(len)));
      }
      in.end();
      return Optional.of(txs);
    } catch (DecodeException e) {
      return Optional.empty();
    }
  }

  /**
   * Signs and submits a transaction of {@code key}'s account, with the next nonce it has not used
   * (counting its transactions still in the mempool). The gateway keeps it until it is in a block:
   * if the pool gives it up first, it is signed again with a fresh nonce (up to {@link
   * #MAX_RESENDS} times).
   */
  public synchronized Mempool.Admission send(KeyPair key, long fee, Payload payload) {
    return send(key, fee, payload, 0);
  }

  private Mempool.Admission send(KeyPair key, long fee, Payload payload, int attempt) {
    Address a = Address.of(key);
    long nonce = Math.max(state.get().account(a).nonce(), mempool.nextNonce(a, state.get()));
    SignedTransaction tx = new Transaction(chainId(), nonce, fee, payload).sign(key);
    Mempool.Admission r = submit(tx);
    if (r.admitted()) {
      own.put(tx.hash(), new Own(key, fee, payload, tx, attempt));
    }
    return r;
  }

  /** Times one of this node's own transactions is signed again after the pool dropped it. */
  public static final int MAX_RESENDS = 3;

  /** One of this node's own transactions, until it is in a block. */
  private record Own(KeyPair key, long fee, Payload payload, SignedTransaction tx, int attempt) {
    long nonce() {
      return tx.body().nonce();
    }
  }

  /**
   * After each commit: forgets own transactions that reached a block and sends again those the pool
   * dropped without including them (a report that lost a race is not sent again).
   *
   * <p>A dropped transaction leaves a hole in its sender's nonces, and the sender's later
   * transactions still in the pool can never be included behind it: a verification vote queued
   * after a fraud proof that another validator's proof made moot would wait there until its window
   * closed. So the later ones are taken out of the pool and signed again, in their order, after (or
   * in place of) the dropped one.
   */
  public synchronized void committed(Predicate<Hash> inChain) {
    Map<Address, List<Own>> lost = new LinkedHashMap<>();
    for (Iterator<Own> it = own.values().iterator(); it.hasNext(); ) {
      Own o = it.next();
      if (inChain.test(o.tx().hash())) {
        it.remove();
      } else if (!mempool.contains(o.tx().hash())) {
        it.remove();
        lost.computeIfAbsent(Address.of(o.key()), k -> new ArrayList<>()).add(o);
      }
    }
    for (Map.Entry<Address, List<Own>> e : lost.entrySet()) {
      long hole = e.getValue().stream().mapToLong(Own::nonce).min().orElseThrow();
      List<Own> again = new ArrayList<>();
      for (Own o : e.getValue()) {
        if (o.attempt() < MAX_RESENDS && !(o.payload() instanceof Payload.DoubleSignEvidence)) {
          again.add(new Own(o.key(), o.fee(), o.payload(), o.tx(), o.attempt() + 1));
        }
      }
      List<SignedTransaction> behind = new ArrayList<>();
      for (Iterator<Own> it = own.values().iterator(); it.hasNext(); ) {
        Own o = it.next();
        if (Address.of(o.key()).equals(e.getKey()) && o.nonce() > hole) {
          it.remove();
          behind.add(o.tx());
          again.add(o);
        }
      }
      mempool.prune(state.get(), behind);
      again.sort(Comparator.comparingLong(Own::nonce));
      for (Own o : again) {
        send(o.key(), o.fee(), o.payload(), o.attempt());
      }
    }
  }

  private String chainId() {
    return mempool.chainId();
  }

  /** Gossips what is pending and stops the flusher. */
  @Override
  public void close() {
    checker.shutdownNow();
    flusher.shutdown();
    try {
      flusher.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}

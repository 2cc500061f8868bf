package network.pot.node.ledger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Account;
import network.pot.chain.state.StateView;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.TransactionCodec;

/**
 * Transactions waiting for a block. Admission checks what can be checked against the committed
 * state without executing: size, chain id, signature, a nonce not already used, the minimum fee and
 * a balance that covers the fee. Per sender, transactions queue by nonce; a gap waits until it is
 * filled. A proposal takes, among the senders whose next nonce is ready, the highest fee first. The
 * pool is bounded in count per sender and in total: when full, a new transaction must pay more than
 * the cheapest one it evicts. Duplicates are dropped.
 *
 * <p>Thread-safe: the network, the RPC server, the workers and consensus all use it.
 */
public final class Mempool {
  /** Why a transaction was not admitted. */
  public enum Rejection {
    DUPLICATE,
    TOO_LARGE,
    WRONG_CHAIN,
    BAD_SIGNATURE,
    NONCE_USED,
    NONCE_TOO_FAR,
    FEE_TOO_LOW,
    INSUFFICIENT_FUNDS,
    SENDER_FULL,
    POOL_FULL
  }

  /** Admission result: null rejection means admitted. */
  public record Admission(Hash hash, Rejection rejection) {
    public boolean admitted() {
      return rejection == null;
    }
  }

  private final String chainId;
  private final int maxTotal;
  private final int maxPerSender;
  private final long maxNonceLead;
  private final Map<Address, TreeMap<Long, SignedTransaction>> bySender = new HashMap<>();
  private final Map<Hash, SignedTransaction> byHash = new HashMap<>();
  private final Map<Address, long[]> readySince = new HashMap<>();
  private long evicted;

  public Mempool(String chainId, int maxTotal, int maxPerSender, long maxNonceLead) {
    this.chainId = chainId;
    this.maxTotal = maxTotal;
    this.maxPerSender = maxPerSender;
    this.maxNonceLead = maxNonceLead;
  }

  /**
   * Admits {@code tx} if it can be valid on top of {@code state}. The signature is checked outside
   * the pool's lock, so clients, gossip and workers admit in parallel.
   */
  public Admission add(SignedTransaction tx, StateView state) {
    return add(tx, state, false);
  }

  /**
   * As {@link #add(SignedTransaction, StateView)}, for a caller that has verified the signature
   * itself (a batch checked in parallel) when {@code signatureChecked}.
   */
  public Admission add(SignedTransaction tx, StateView state, boolean signatureChecked) {
    Hash h = tx.hash();
    synchronized (this) {
      if (byHash.containsKey(h)) {
        return new Admission(h, Rejection.DUPLICATE);
      }
    }
    if (tx.size() > TransactionCodec.MAX_SIZE) {
      return new Admission(h, Rejection.TOO_LARGE);
    }
    if (!tx.body().chainId().equals(chainId)) {
      return new Admission(h, Rejection.WRONG_CHAIN);
    }
    Account acc = state.account(tx.sender());
    long nonce = tx.body().nonce();
    if (nonce < acc.nonce()) {
      return new Admission(h, Rejection.NONCE_USED);
    }
    if (nonce - acc.nonce() > maxNonceLead) {
      return new Admission(h, Rejection.NONCE_TOO_FAR);
    }
    if (tx.body().fee() < state.params().minFee()) {
      return new Admission(h, Rejection.FEE_TOO_LOW);
    }
    if (acc.balance() < tx.body().fee()) {
      return new Admission(h, Rejection.INSUFFICIENT_FUNDS);
    }
    if (!signatureChecked && !tx.verifySignature()) {
      return new Admission(h, Rejection.BAD_SIGNATURE);
    }
    return insert(tx, h, nonce);
  }

  private synchronized Admission insert(SignedTransaction tx, Hash h, long nonce) {
    if (byHash.containsKey(h)) {
      return new Admission(h, Rejection.DUPLICATE);
    }
    TreeMap<Long, SignedTransaction> queue = bySender.get(tx.sender());
    SignedTransaction same = queue == null ? null : queue.get(nonce);
    if (same != null) {
      if (same.body().fee() >= tx.body().fee()) {
        return new Admission(h, Rejection.DUPLICATE);
      }
      remove(same);
    } else if (queue != null && queue.size() >= maxPerSender) {
      return new Admission(h, Rejection.SENDER_FULL);
    }
    if (byHash.size() >= maxTotal) {
      SignedTransaction cheapest = cheapestLast();
      if (cheapest == null || cheapest.body().fee() >= tx.body().fee()) {
        return new Admission(h, Rejection.POOL_FULL);
      }
      remove(cheapest);
    }
    bySender.computeIfAbsent(tx.sender(), a -> new TreeMap<>()).put(nonce, tx);
    byHash.put(h, tx);
    return new Admission(h, null);
  }

  /** The cheapest transaction that is last in its sender's queue (evicting it leaves no gap). */
  private SignedTransaction cheapestLast() {
    SignedTransaction worst = null;
    for (TreeMap<Long, SignedTransaction> q : bySender.values()) {
      SignedTransaction t = q.lastEntry().getValue();
      if (worst == null || t.body().fee() < worst.body().fee()) {
        worst = t;
      }
    }
    return worst;
  }

  private void remove(SignedTransaction tx) {
    byHash.remove(tx.hash());
    TreeMap<Long, SignedTransaction> q = bySender.get(tx.sender());
    if (q != null) {
      q.remove(tx.body().nonce());
      if (q.isEmpty()) {
        bySender.remove(tx.sender());
      }
    }
  }

  /**
   * Up to {@code maxCount} transactions (and {@code maxBytes}) for a block on {@code state}: each
   * sender's run of consecutive nonces from its account nonce, interleaved by fee, highest first
   * (ties by hash, so the order is deterministic).
   */
  public synchronized List<SignedTransaction> select(StateView state, int maxCount, long maxBytes) {
    record Head(SignedTransaction tx, Iterator<SignedTransaction> rest) {}
    Comparator<Head> order =
        Comparator.<Head>comparingLong(x -> -x.tx().body().fee()).thenComparing(x -> x.tx().hash());
    PriorityQueue<Head> heads = new PriorityQueue<>(order);
    for (Map.Entry<Address, TreeMap<Long, SignedTransaction>> e : bySender.entrySet()) {
      long next = state.account(e.getKey()).nonce();
      Iterator<SignedTransaction> it = e.getValue().tailMap(next, true).values().iterator();
      if (it.hasNext()) {
        SignedTransaction first = it.next();
        if (first.body().nonce() == next) {
          heads.add(new Head(first, it));
        }
      }
    }
    List<SignedTransaction> out = new ArrayList<>();
    long bytes = 0;
    while (!heads.isEmpty() && out.size() < maxCount) {
      Head h = heads.poll();
      if (bytes + h.tx().size() > maxBytes) {
        break;
      }
      out.add(h.tx());
      bytes += h.tx().size();
      if (h.rest().hasNext()) {
        SignedTransaction n = h.rest().next();
        if (n.body().nonce() == h.tx().body().nonce() + 1) {
          heads.add(new Head(n, h.rest()));
        }
      }
    }
    return out;
  }

  /**
   * Blocks a sender's queue may wait without any of it being included before the pool gives up on
   * it: a transaction that every proposer refuses (a duplicate report, an action the state no
   * longer allows), or a hole where a dropped transaction's nonce was, would otherwise hold back
   * all of its sender's later nonces for good.
   */
  public static final long STALE_HEAD_BLOCKS = 10;

  /**
   * Drops what {@code state} made stale (nonces used), the given rejected transactions, and the
   * queues that have not moved for {@link #STALE_HEAD_BLOCKS} blocks.
   */
  public synchronized void prune(StateView state, List<SignedTransaction> rejected) {
    for (SignedTransaction tx : rejected) {
      remove(tx);
    }
    long height = state.globals().height();
    Iterator<Map.Entry<Address, TreeMap<Long, SignedTransaction>>> it =
        bySender.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Address, TreeMap<Long, SignedTransaction>> e = it.next();
      TreeMap<Long, SignedTransaction> q = e.getValue();
      long next = state.account(e.getKey()).nonce();
      var stale = q.headMap(next, false);
      for (SignedTransaction tx : stale.values()) {
        byHash.remove(tx.hash());
      }
      stale.clear();
      // a queue that has not moved for STALE_HEAD_BLOCKS blocks goes: its ready head is refused by
      // every proposer, or it waits behind a hole (a nonce whose transaction was dropped) that its
      // sender never filled
      long[] since = q.isEmpty() ? null : readySince.get(e.getKey());
      if (!q.isEmpty() && (since == null || since[0] != next)) {
        readySince.put(e.getKey(), new long[] {next, height});
      } else if (!q.isEmpty() && height - since[1] >= STALE_HEAD_BLOCKS) {
        for (SignedTransaction tx : q.values()) {
          byHash.remove(tx.hash());
        }
        q.clear();
        evicted += 1;
      }
      if (q.isEmpty()) {
        it.remove();
        readySince.remove(e.getKey());
      }
    }
    readySince.keySet().retainAll(bySender.keySet());
  }

  /** Sender queues given up on because their head was never included. */
  public synchronized long evictedQueues() {
    return evicted;
  }

  /** The chain whose transactions this pool admits. */
  public String chainId() {
    return chainId;
  }

  /** The nonce after {@code sender}'s last consecutive pending transaction on {@code state}. */
  public synchronized long nextNonce(Address sender, StateView state) {
    long next = state.account(sender).nonce();
    TreeMap<Long, SignedTransaction> q = bySender.get(sender);
    while (q != null && q.containsKey(next)) {
      next++;
    }
    return next;
  }

  /** Number of pending transactions. */
  /**
   * Encoded bytes of the pooled transactions (a walk over the pool: for metrics, not hot paths).
   */
  public synchronized long bytes() {
    long b = 0;
    for (SignedTransaction tx : byHash.values()) {
      b += tx.size();
    }
    return b;
  }

  public synchronized int size() {
    return byHash.size();
  }

  /** Whether the pool holds this transaction. */
  public synchronized boolean contains(Hash h) {
    return byHash.containsKey(h);
  }
}

package network.pot.chain.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.merkle.MerkleProof;
import network.pot.chain.state.ActiveSet;
import network.pot.chain.state.BlockResult;
import network.pot.chain.state.Event;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Outcome;
import network.pot.chain.state.StateCodec;
import network.pot.chain.state.StateKey;
import network.pot.chain.state.StateValue;
import network.pot.chain.store.KeyValueStorage.Column;
import network.pot.chain.sync.StateSnapshot;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;

/**
 * The chain on disk: blocks, the state entries, the head, each block's events, and indexes
 * (transaction by hash, transactions by account, account history newest first, validator set by
 * height). Each block is one atomic batch, so after a crash the store reopens at the last committed
 * block, and the state rebuilt from its entries has the root recorded with it (checked on open).
 */
public final class ChainStore implements AutoCloseable {
  private static final byte[] HEAD = "head".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] GENESIS = "genesis".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BASE = "base".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SET_PROOF = "set-proof".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PRUNED = "pruned-below".getBytes(StandardCharsets.US_ASCII);

  /** Where a transaction is: its block height, its index in the block and its outcome. */
  public record TxLocation(long height, int index, Outcome outcome) {}

  /** What a block did: the events of each transaction in block order, and the block's own. */
  public record BlockEvents(List<List<Event>> transactions, List<Event> block) {
    public BlockEvents {
      transactions = transactions.stream().map(List::copyOf).toList();
      block = List.copyOf(block);
    }
  }

  /**
   * One entry of an account's history: transaction {@code index} of block {@code height}, or the
   * block's own events ({@link #BLOCK} as index). Within a block the block's own events come first
   * (newest first), then the transactions from the last.
   */
  public record HistoryEntry(long height, int index) {
    /** The index of a block's own events. */
    public static final int BLOCK = -1;

    public boolean isBlock() {
      return index == BLOCK;
    }

    /** The entry as a page cursor: {@code height:index}, or {@code height:block}. */
    public String cursor() {
      return height + ":" + (isBlock() ? "block" : Integer.toString(index));
    }

    /**
     * Parses a {@link #cursor()}.
     *
     * @throws IllegalArgumentException when the text is not a cursor
     */
    public static HistoryEntry parse(String cursor) {
      int colon = cursor.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("a cursor is height:index, got " + cursor);
      }
      try {
        long h = Long.parseLong(cursor.substring(0, colon));
        String i = cursor.substring(colon + 1);
        int index = i.equals("block") ? BLOCK : Integer.parseInt(i);
        if (h < 0 || index < BLOCK) {
          throw new IllegalArgumentException("a cursor is height:index, got " + cursor);
        }
        return new HistoryEntry(h, index);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("a cursor is height:index, got " + cursor, e);
      }
    }
  }

  private final KeyValueStorage kv;
  private LedgerState state;

  private ChainStore(KeyValueStorage kv, LedgerState state) {
    this.kv = kv;
    this.state = state;
  }

  /**
   * Opens the chain in {@code kv}: reloads the committed state, or writes the genesis state when
   * the storage is empty.
   *
   * @throws StorageException when stored entries are corrupt or do not match the stored root, or
   *     when the store was created from another genesis
   */
  public static ChainStore open(KeyValueStorage kv, Genesis genesis) {
    try {
      return load(kv, genesis);
    } catch (RuntimeException e) {
      kv.close();
      throw e;
    }
  }

  private static ChainStore load(KeyValueStorage kv, Genesis genesis) {
    byte[] head = kv.get(Column.META, HEAD);
    LedgerState g = genesis.state();
    if (head == null) {
      KeyValueStorage.Batch b = kv.batch();
      b.put(Column.META, GENESIS, g.root().toArray());
      g.forEach((k, v) -> b.put(Column.STATE, k.toArray(), StateCodec.encode(v)));
      b.put(Column.META, HEAD, head(0, Hash.ZERO, g.root()));
      b.put(Column.VALIDATOR_SETS, u64(0), StateCodec.encode(g.validatorSet()));
      b.commit();
      return new ChainStore(kv, g);
    }
    byte[] storedGenesis = kv.get(Column.META, GENESIS);
    if (storedGenesis == null || !g.root().equals(Hash.of(storedGenesis))) {
      throw new StorageException("the store holds another chain (its genesis differs)");
    }
    Map<Bytes, StateValue> entries = new HashMap<>();
    List<String> errors = new ArrayList<>();
    kv.scan(
        Column.STATE,
        new byte[0],
        (k, v) -> {
          try {
            Bytes key = Bytes.wrap(k);
            entries.put(key, StateCodec.decode(key, v));
          } catch (DecodeException e) {
            errors.add(e.getMessage());
          }
        });
    if (!errors.isEmpty()) {
      throw new StorageException("corrupt state entry: " + errors.get(0));
    }
    LedgerState s = LedgerState.of(entries);
    Hash storedRoot = headRoot(head);
    if (!s.root().equals(storedRoot)) {
      throw new StorageException(
          "state root mismatch: stored " + storedRoot + ", rebuilt " + s.root());
    }
    return new ChainStore(kv, s);
  }

  private static byte[] head(long height, Hash blockHash, Hash root) {
    return new Writer(72)
        .u64(height)
        .raw(blockHash.unsafeArray())
        .raw(root.unsafeArray())
        .toByteArray();
  }

  /** The state root recorded in the head entry (after its height and block hash). */
  private static Hash headRoot(byte[] head) {
    try {
      Reader r = new Reader(head);
      r.u64();
      r.raw(Hash.SIZE);
      Hash root = Hash.of(r.raw(Hash.SIZE));
      r.end();
      return root;
    } catch (DecodeException e) {
      throw new StorageException("corrupt head entry: " + e.getMessage(), e);
    }
  }

  private static byte[] u64(long v) {
    return new Writer(8).u64(v).toByteArray();
  }

  /** The state after the last committed block. */
  public LedgerState state() {
    return state;
  }

  /** Height of the last committed block (0 before the first). */
  public long height() {
    return state.height();
  }

  /**
   * Writes an applied block, its state changes and its indexes in one atomic batch, and makes its
   * state the current one.
   */
  public void commit(BlockResult r) {
    Block block = r.block();
    if (block.height() != height() + 1) {
      throw new IllegalArgumentException(
          "block " + block.height() + " does not follow committed height " + height());
    }
    KeyValueStorage.Batch b = kv.batch();
    long h = block.height();
    b.put(Column.BLOCKS, u64(h), block.encode());
    b.put(Column.BLOCK_INDEX, block.hash().toArray(), u64(h));
    List<SignedTransaction> txs = block.transactions();
    // a transaction's hash names one inclusion: the one that executed it, else the latest. A
    // proposer may include an executed transaction again, where it is rejected as a replay; that
    // must not turn its receipt into a rejection.
    Map<Hash, Outcome> indexed = new HashMap<>();
    for (int i = 0; i < txs.size(); i++) {
      SignedTransaction tx = txs.get(i);
      Outcome o = r.outcomes().get(i);
      Outcome earlier = indexed.get(tx.hash());
      if (earlier == null) {
        TxLocation stored = transaction(tx.hash());
        earlier = stored == null ? null : stored.outcome();
      }
      if (earlier != Outcome.OK) {
        indexed.put(tx.hash(), o);
        b.put(
            Column.TX_INDEX,
            tx.hash().toArray(),
            new Writer(13).u64(h).u32(i).u8(outcomeTag(o)).toByteArray());
      }
      b.put(Column.ACCOUNT_TX, accountTxKey(tx.sender(), h, i), tx.hash().toArray());
      if (tx.body().payload() instanceof Payload.Transfer t && !t.to().equals(tx.sender())) {
        b.put(Column.ACCOUNT_TX, accountTxKey(t.to(), h, i), tx.hash().toArray());
      }
    }
    b.put(Column.EVENTS, u64(h), encodeEvents(r));
    for (int i = 0; i < txs.size(); i++) {
      Set<Address> touched = new LinkedHashSet<>();
      touched.add(txs.get(i).sender());
      r.txEvents().get(i).forEach(e -> touched.addAll(e.accounts()));
      for (Address a : touched) {
        b.put(Column.ACCOUNT_HISTORY, historyKey(a, h, i), new byte[0]);
      }
    }
    Set<Address> touched = new LinkedHashSet<>();
    r.blockEvents().forEach(e -> touched.addAll(e.accounts()));
    for (Address a : touched) {
      b.put(Column.ACCOUNT_HISTORY, historyKey(a, h, HistoryEntry.BLOCK), new byte[0]);
    }
    r.changes()
        .forEach(
            (k, v) -> {
              if (v == null) {
                b.delete(Column.STATE, k.toArray());
              } else {
                b.put(Column.STATE, k.toArray(), StateCodec.encode(v));
              }
            });
    b.put(Column.VALIDATOR_SETS, u64(h), StateCodec.encode(r.state().validatorSet()));
    long epochLength = r.state().params().epochLength();
    if (h % epochLength == 0) {
      // what a light client needs to follow the set into the next epoch: the set's proof against
      // the state root that the next block's header commits
      b.put(Column.META, setProofKey(h), encodeProof(r.state().proof(StateKey.VALIDATOR_SET)));
    }
    b.put(Column.META, HEAD, head(h, block.hash(), r.state().root()));
    b.commit();
    state = r.state();
  }

  private static byte[] setProofKey(long height) {
    return new Writer(SET_PROOF.length + 8).raw(SET_PROOF).u64(height).toByteArray();
  }

  private static byte[] encodeProof(MerkleProof p) {
    Writer w = new Writer(1024);
    p.encode(w);
    return w.toByteArray();
  }

  /**
   * The proof of the validator set entry against the state root after block {@code height}, kept
   * for every epoch's last block (and for those a state sync received); empty for other heights.
   */
  public Optional<MerkleProof> validatorSetProof(long height) {
    byte[] v = kv.get(Column.META, setProofKey(height));
    if (v == null) {
      return Optional.empty();
    }
    try {
      Reader r = new Reader(v);
      MerkleProof p = MerkleProof.decode(r);
      r.end();
      return Optional.of(p);
    } catch (DecodeException e) {
      throw new StorageException(
          "corrupt validator set proof at " + height + ": " + e.getMessage(), e);
    }
  }

  /**
   * The first height whose block this store holds: 1 for a store that followed the chain from
   * genesis, the snapshot's height after a state sync ({@link #restore}). Blocks, events and
   * indexes below it are not here.
   */
  public long base() {
    byte[] v = kv.get(Column.META, BASE);
    return v == null ? 1 : readU64(v);
  }

  /**
   * The lowest height whose block, events and indexes may still be here: heights below it were
   * pruned ({@link #prune}); 1 when nothing was. The state, the validator sets of epoch ends and
   * their proofs are never pruned.
   */
  public long prunedBelow() {
    byte[] v = kv.get(Column.META, PRUNED);
    return v == null ? 1 : readU64(v);
  }

  /**
   * The lowest height whose history this store holds: the higher of {@link #base()} and {@link
   * #prunedBelow()}.
   */
  public long historyFrom() {
    return Math.max(base(), prunedBelow());
  }

  /**
   * Deletes the blocks below {@code below} with what indexes them: their events, the transaction
   * index, the account indexes and history, block hashes, and the validator sets of heights that do
   * not end an epoch (those of epoch ends serve light clients and are kept, as are their proofs).
   * At most {@code maxHeights} heights go per call, in one atomic batch that also moves {@link
   * #prunedBelow()}: after a crash the store is as before the call or as after it. The head block
   * is never pruned. Safe to run beside {@link #commit} on another thread: the two touch different
   * heights.
   *
   * @return the heights pruned by this call (0 when there is nothing below {@code below} left)
   */
  public synchronized long prune(long below, long epochLength, int maxHeights) {
    if (epochLength < 1 || maxHeights < 1) {
      throw new IllegalArgumentException("epoch length and batch size must be positive");
    }
    long from = historyFrom();
    long to = Math.min(Math.min(below, height()), from + maxHeights);
    if (to <= from) {
      return 0;
    }
    KeyValueStorage.Batch b = kv.batch();
    for (long h = from; h < to; h++) {
      Block block = block(h);
      if (block != null) {
        b.delete(Column.BLOCK_INDEX, block.hash().toArray());
        List<SignedTransaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
          SignedTransaction tx = txs.get(i);
          TxLocation loc = transaction(tx.hash());
          if (loc != null && loc.height() == h) {
            b.delete(Column.TX_INDEX, tx.hash().toArray());
          }
          b.delete(Column.ACCOUNT_TX, accountTxKey(tx.sender(), h, i));
          if (tx.body().payload() instanceof Payload.Transfer t) {
            b.delete(Column.ACCOUNT_TX, accountTxKey(t.to(), h, i));
          }
          b.delete(Column.ACCOUNT_HISTORY, historyKey(tx.sender(), h, i));
        }
        BlockEvents ev = events(h);
        if (ev != null) {
          for (int i = 0; i < ev.transactions().size(); i++) {
            for (Event e : ev.transactions().get(i)) {
              for (Address a : e.accounts()) {
                b.delete(Column.ACCOUNT_HISTORY, historyKey(a, h, i));
              }
            }
          }
          for (Event e : ev.block()) {
            for (Address a : e.accounts()) {
              b.delete(Column.ACCOUNT_HISTORY, historyKey(a, h, HistoryEntry.BLOCK));
            }
          }
        }
      }
      b.delete(Column.BLOCKS, u64(h));
      b.delete(Column.EVENTS, u64(h));
      if (h % epochLength != 0) {
        b.delete(Column.VALIDATOR_SETS, u64(h));
      }
    }
    b.put(Column.META, PRUNED, u64(to));
    b.commit();
    return to - from;
  }

  /** What a state sync verified besides the state: the sets and proofs of earlier epochs. */
  public record EpochSet(long height, ActiveSet set, MerkleProof proof) {}

  /**
   * Replaces the genesis state of a store that has committed no block with a verified snapshot: the
   * state after {@code block}, the block itself, and the validator sets (with their proofs) of the
   * epochs before it that consensus and later state syncs need. One atomic batch: after a crash the
   * store holds either the genesis state or the whole snapshot.
   *
   * @throws IllegalStateException when the store has committed blocks already
   * @throws IllegalArgumentException when the block is not the snapshot's
   */
  public synchronized void restore(StateSnapshot snapshot, Block block, List<EpochSet> epochs) {
    if (height() != 0) {
      throw new IllegalStateException(
          "a state sync needs an empty store; this one is at " + height());
    }
    if (block.height() != snapshot.height() || !block.hash().equals(snapshot.blockHash())) {
      throw new IllegalArgumentException("the block is not the snapshot's");
    }
    KeyValueStorage.Batch b = kv.batch();
    List<byte[]> old = new ArrayList<>();
    kv.scan(Column.STATE, new byte[0], (k, v) -> old.add(k));
    old.forEach(k -> b.delete(Column.STATE, k));
    LedgerState s = snapshot.state();
    s.forEach((k, v) -> b.put(Column.STATE, k.toArray(), StateCodec.encode(v)));
    long h = block.height();
    b.put(Column.BLOCKS, u64(h), block.encode());
    b.put(Column.BLOCK_INDEX, block.hash().toArray(), u64(h));
    for (EpochSet e : epochs) {
      b.put(Column.VALIDATOR_SETS, u64(e.height()), StateCodec.encode(e.set()));
      b.put(Column.META, setProofKey(e.height()), encodeProof(e.proof()));
    }
    b.put(Column.VALIDATOR_SETS, u64(h), StateCodec.encode(s.validatorSet()));
    b.put(Column.META, setProofKey(h), encodeProof(s.proof(StateKey.VALIDATOR_SET)));
    b.put(Column.META, BASE, u64(h));
    b.put(Column.META, HEAD, head(h, block.hash(), s.root()));
    b.commit();
    state = s;
  }

  // an outcome is indexed by its ordinal: the order of Outcome is part of the index format
  @SuppressWarnings("EnumOrdinal")
  private static int outcomeTag(Outcome o) {
    return o.ordinal();
  }

  // the inverse of outcomeTag; an unknown tag throws ArrayIndexOutOfBoundsException
  @SuppressWarnings("EnumOrdinal")
  private static Outcome outcomeOf(int tag) {
    return Outcome.values()[tag];
  }

  private static byte[] encodeEvents(BlockResult r) {
    Writer w = new Writer();
    w.list(r.txEvents(), Event::writeList);
    Event.writeList(w, r.blockEvents());
    return w.toByteArray();
  }

  // heights and slots inverted, so that the newest entry sorts first
  private static byte[] historyKey(Address a, long height, int index) {
    return new Writer(32).raw(a.unsafeArray()).u64(~height).u32(~index).toByteArray();
  }

  private static byte[] accountTxKey(Address a, long height, int index) {
    return new Writer(32).raw(a.unsafeArray()).u64(height).u32(index).toByteArray();
  }

  /** The block at a height, or null. */
  public Block block(long height) {
    byte[] v = kv.get(Column.BLOCKS, u64(height));
    if (v == null) {
      return null;
    }
    try {
      return Block.decode(v);
    } catch (DecodeException e) {
      throw new StorageException("corrupt block " + height + ": " + e.getMessage(), e);
    }
  }

  /** The height of the block with this hash, or -1. */
  public long heightOf(Hash blockHash) {
    byte[] v = kv.get(Column.BLOCK_INDEX, blockHash.toArray());
    return v == null ? -1 : readU64(v);
  }

  /** Where a transaction was included, or null. */
  public TxLocation transaction(Hash txHash) {
    byte[] v = kv.get(Column.TX_INDEX, txHash.toArray());
    if (v == null) {
      return null;
    }
    try {
      Reader r = new Reader(v);
      TxLocation loc = new TxLocation(r.amount(), r.u32(), outcomeOf(r.u8()));
      r.end();
      return loc;
    } catch (DecodeException | ArrayIndexOutOfBoundsException e) {
      throw new StorageException("corrupt tx index entry for " + txHash, e);
    }
  }

  /** Hashes of the transactions an address sent or received, oldest first. */
  public List<Hash> transactionsOf(Address a) {
    List<Hash> out = new ArrayList<>();
    kv.scan(Column.ACCOUNT_TX, a.toArray(), (k, v) -> out.add(Hash.of(v)));
    return out;
  }

  /** The events of the block at {@code height}, or null when none are stored for it. */
  public BlockEvents events(long height) {
    byte[] v = kv.get(Column.EVENTS, u64(height));
    if (v == null) {
      return null;
    }
    try {
      Reader r = new Reader(v);
      List<List<Event>> txs = r.list(Block.MAX_TXS, Event::readList);
      List<Event> block = Event.readList(r);
      r.end();
      return new BlockEvents(txs, block);
    } catch (DecodeException e) {
      throw new StorageException("corrupt events of block " + height + ": " + e.getMessage(), e);
    }
  }

  /**
   * The events of a transaction in the chain (empty for a rejected one), or null when no block
   * holds it or its block's events are not stored.
   */
  public List<Event> eventsOf(Hash txHash) {
    TxLocation loc = transaction(txHash);
    BlockEvents be = loc == null ? null : events(loc.height());
    return be == null || loc.index() >= be.transactions().size()
        ? null
        : be.transactions().get(loc.index());
  }

  /**
   * Up to {@code limit} entries of an account's history, newest first: the transactions it sent or
   * that moved its tokens or named it, and the blocks whose own events touched it; only those older
   * than {@code before} when it is not null.
   */
  public List<HistoryEntry> history(Address a, HistoryEntry before, int limit) {
    byte[] prefix = a.toArray();
    byte[] from =
        before == null
            ? prefix
            : Arrays.copyOf(historyKey(a, before.height(), before.index()), 33); // just after
    List<HistoryEntry> out = new ArrayList<>();
    kv.scan(
        Column.ACCOUNT_HISTORY,
        prefix,
        from,
        limit,
        (k, v) -> {
          ByteBuffer buf = ByteBuffer.wrap(k, Address.SIZE, 12);
          out.add(new HistoryEntry(~buf.getLong(), ~buf.getInt()));
        });
    return out;
  }

  /**
   * The validators (with voting power) that sign block {@code height + 1}, as committed after block
   * {@code height}; null for a height not committed yet.
   */
  public ActiveSet validatorSetAfter(long height) {
    byte[] v = kv.get(Column.VALIDATOR_SETS, u64(height));
    if (v == null) {
      return null;
    }
    try {
      return (ActiveSet) StateCodec.decode(StateKey.VALIDATOR_SET, v);
    } catch (DecodeException e) {
      throw new StorageException("corrupt validator set at " + height + ": " + e.getMessage(), e);
    }
  }

  private static long readU64(byte[] v) {
    try {
      Reader r = new Reader(v);
      long x = r.u64();
      r.end();
      return x;
    } catch (DecodeException e) {
      throw new StorageException("corrupt height entry: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    kv.close();
  }
}

package network.pot.node.ledger;

import java.util.List;
import java.util.Optional;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.chain.store.KeyValueStorage;
import network.pot.chain.store.KeyValueStorage.Column;
import network.pot.chain.store.StorageException;
import network.pot.consensus.BlockStore;
import network.pot.consensus.CommitCertificate;
import network.pot.consensus.ConsensusBlock;
import network.pot.consensus.ConsensusMessage;
import network.pot.consensus.MessageCodec;
import network.pot.consensus.SyncResponse;

/**
 * The consensus log of finalized blocks with their commit certificates, in its own key-value store
 * (RocksDB in a node). Consensus appends here <em>before</em> the ledger applies the block, so this
 * store is the source of truth: after a crash the ledger replays whatever it had not applied yet
 * ({@link LedgerApp#replay}), and nothing finalized is ever lost.
 *
 * <p>Each entry is the consensus wire form of a sync response (certificate + block), so the same
 * bytes serve peers that catch up.
 */
public final class NodeBlockStore implements BlockStore, AutoCloseable {
  private static final byte[] HEAD = {'h', 'e', 'a', 'd'};
  private static final byte[] FIRST = {'f', 'i', 'r', 's', 't'};
  private static final byte[] EPOCH = {'e', 'p', 'o', 'c', 'h'};
  private static final byte[] PRUNED = {'p', 'r', 'u', 'n', 'e', 'd'};

  private final KeyValueStorage kv;
  private final int maxPayloadBytes;
  private volatile long last;
  private volatile long first;
  private volatile long pruned;

  public NodeBlockStore(KeyValueStorage kv, int maxPayloadBytes) {
    this.kv = kv;
    this.maxPayloadBytes = maxPayloadBytes;
    byte[] head = kv.get(Column.META, HEAD);
    this.last = head == null ? 0 : readU64(head);
    byte[] f = kv.get(Column.META, FIRST);
    this.first = f == null ? 1 : readU64(f);
    byte[] p = kv.get(Column.META, PRUNED);
    this.pruned = p == null ? first : readU64(p);
  }

  /**
   * The lowest height whose block this log still holds: {@link #firstHeight()}, or higher once
   * {@link #prune} deleted older blocks.
   */
  public long prunedBelow() {
    return pruned;
  }

  /**
   * Deletes the blocks below {@code below}, at most {@code maxHeights} per call in one atomic batch
   * that also records the new lower bound. The first block of each epoch (height {@code e *
   * epochLength + 1}) is moved, with its certificate, to where {@link #epochBlock} keeps a state
   * sync's epoch blocks: light clients that follow the validator set from genesis need it. The last
   * block is never pruned. {@link #firstHeight()} does not move: it still names where this log
   * started, which consensus needs for the block after a state sync.
   *
   * @return the heights pruned by this call
   */
  public synchronized long prune(long below, long epochLength, int maxHeights) {
    if (epochLength < 1 || maxHeights < 1) {
      throw new IllegalArgumentException("epoch length and batch size must be positive");
    }
    long from = pruned;
    long to = Math.min(Math.min(below, last), from + maxHeights);
    if (to <= from) {
      return 0;
    }
    KeyValueStorage.Batch b = kv.batch();
    for (long h = from; h < to; h++) {
      if ((h - 1) % epochLength == 0) {
        byte[] v = kv.get(Column.BLOCKS, u64(h));
        if (v != null) {
          b.put(Column.META, epochKey(h), v);
        }
      }
      b.delete(Column.BLOCKS, u64(h));
    }
    b.put(Column.META, PRUNED, u64(to)).commit();
    pruned = to;
    return to - from;
  }

  @Override
  public long firstHeight() {
    return first;
  }

  /**
   * Starts an empty log at a state sync's block: {@code entry} becomes the only block held, and
   * consensus goes on from the next height. {@code epochBlocks} are the first blocks of the epochs
   * before it, each with its certificate, as the state sync verified them: kept to serve other
   * nodes' state syncs ({@link #epochBlock}), never as part of the log. A log that holds only the
   * block of an earlier restore (the ledger was not restored after it: a crash in between) is
   * started again.
   *
   * @throws IllegalStateException when the log holds blocks a restore did not put there
   */
  public synchronized void restore(SyncResponse entry, List<SyncResponse> epochBlocks) {
    if (last != 0 && !(first > 1 && last == first)) {
      throw new IllegalStateException("the consensus log is not empty: at " + last);
    }
    long h = entry.block().height();
    KeyValueStorage.Batch b = kv.batch();
    if (last != 0) {
      b.delete(Column.BLOCKS, u64(last));
    }
    for (SyncResponse e : epochBlocks) {
      b.put(Column.META, epochKey(e.block().height()), MessageCodec.encode(e));
    }
    b.put(Column.BLOCKS, u64(h), MessageCodec.encode(entry))
        .put(Column.META, FIRST, u64(h))
        .put(Column.META, PRUNED, u64(h))
        .put(Column.META, HEAD, u64(h))
        .commit();
    first = h;
    pruned = h;
    last = h;
  }

  private static byte[] epochKey(long height) {
    return new Writer(13).raw(EPOCH).u64(height).toByteArray();
  }

  /**
   * The block at {@code height} with its certificate in sync-response form, for a light client:
   * from the log, or for a height before a state sync's block, as that state sync received it.
   */
  public Optional<byte[]> epochBlock(long height) {
    if (height >= pruned) {
      return raw(height);
    }
    return Optional.ofNullable(kv.get(Column.META, epochKey(height)));
  }

  @Override
  public long lastHeight() {
    return last;
  }

  @Override
  public Optional<ConsensusBlock> block(long height) {
    return entry(height).map(SyncResponse::block);
  }

  @Override
  public Optional<CommitCertificate> certificate(long height) {
    return entry(height).map(SyncResponse::certificate);
  }

  /** The stored bytes at {@code height}: a block and its certificate in sync-response form. */
  public Optional<byte[]> raw(long height) {
    if (height < pruned || height > last) {
      return Optional.empty();
    }
    return Optional.ofNullable(kv.get(Column.BLOCKS, u64(height)));
  }

  /** The stored block and certificate at {@code height}. */
  public Optional<SyncResponse> entry(long height) {
    if (height < pruned || height > last) {
      return Optional.empty();
    }
    byte[] v = kv.get(Column.BLOCKS, u64(height));
    if (v == null) {
      throw new StorageException("consensus block " + height + " is missing below the head");
    }
    try {
      ConsensusMessage m = MessageCodec.decode(v, maxPayloadBytes);
      if (!(m instanceof SyncResponse s) || s.block().height() != height) {
        throw new StorageException("consensus block " + height + " is not a committed block");
      }
      return Optional.of(s);
    } catch (DecodeException e) {
      throw new StorageException("corrupt consensus block " + height + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void append(ConsensusBlock block, CommitCertificate certificate) {
    if (block.height() != last + 1) {
      throw new IllegalStateException(
          "expected consensus height " + (last + 1) + ", got " + block.height());
    }
    kv.batch()
        .put(
            Column.BLOCKS,
            u64(block.height()),
            MessageCodec.encode(new SyncResponse(block, certificate)))
        .put(Column.META, HEAD, u64(block.height()))
        .commit();
    last = block.height();
  }

  private static byte[] u64(long v) {
    return new Writer(8).u64(v).toByteArray();
  }

  private static long readU64(byte[] v) {
    try {
      Reader r = new Reader(v);
      long x = r.amount();
      r.end();
      return x;
    } catch (network.pot.base.codec.DecodeException e) {
      throw new StorageException("corrupt consensus head: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    kv.close();
  }
}

package network.pot.node.ledger;

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

  private final KeyValueStorage kv;
  private final int maxPayloadBytes;
  private volatile long last;

  public NodeBlockStore(KeyValueStorage kv, int maxPayloadBytes) {
    this.kv = kv;
    this.maxPayloadBytes = maxPayloadBytes;
    byte[] head = kv.get(Column.META, HEAD);
    this.last = head == null ? 0 : readU64(head);
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
    if (height < 1 || height > last) {
      return Optional.empty();
    }
    return Optional.ofNullable(kv.get(Column.BLOCKS, u64(height)));
  }

  /** The stored block and certificate at {@code height}. */
  public Optional<SyncResponse> entry(long height) {
    if (height < 1 || height > last) {
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

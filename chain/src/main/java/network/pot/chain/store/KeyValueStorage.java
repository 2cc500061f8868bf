package network.pot.chain.store;

import java.util.function.BiConsumer;

/**
 * The storage the ledger needs: a few column families of byte keys and values, read by key or by
 * prefix in key order, written only through atomic batches. {@link InMemoryKeyValueStorage} and
 * {@link RocksDbKeyValueStorage} implement it.
 */
public interface KeyValueStorage extends AutoCloseable {
  /** The column families. */
  enum Column {
    /** Chain head: height, block hash, state root. */
    META,
    /** Height (8 bytes) to encoded block. */
    BLOCKS,
    /** Block hash to height. */
    BLOCK_INDEX,
    /** State key to canonical value encoding. */
    STATE,
    /** Transaction hash to its location (height, index, outcome). */
    TX_INDEX,
    /** Address, height, index to transaction hash. */
    ACCOUNT_TX,
    /** Height to the encoded validator set that signs the next block. */
    VALIDATOR_SETS
  }

  /** Writes that become visible together, or not at all. */
  interface Batch {
    Batch put(Column c, byte[] key, byte[] value);

    Batch delete(Column c, byte[] key);

    /** Applies the batch atomically (and durably, for persistent storage). */
    void commit();
  }

  /** The value under a key, or null. */
  byte[] get(Column c, byte[] key);

  /** Visits the entries whose key starts with {@code prefix}, in unsigned key order. */
  void scan(Column c, byte[] prefix, BiConsumer<byte[], byte[]> visitor);

  Batch batch();

  @Override
  void close();
}

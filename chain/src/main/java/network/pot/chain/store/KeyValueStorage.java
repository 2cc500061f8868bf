package network.pot.chain.store;

import java.util.Arrays;
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
    VALIDATOR_SETS,
    /** Height (8 bytes) to the encoded events of the block's transactions and of the block. */
    EVENTS,
    /**
     * Address, inverted height, inverted slot (a transaction's index, or the block's own events) to
     * nothing: an account's history, newest first.
     */
    ACCOUNT_HISTORY
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

  /**
   * Visits at most {@code limit} entries whose key starts with {@code prefix} and is not below
   * {@code from}, in unsigned key order.
   */
  default void scan(
      Column c, byte[] prefix, byte[] from, int limit, BiConsumer<byte[], byte[]> visitor) {
    int[] n = {0};
    scan(
        c,
        prefix,
        (k, v) -> {
          if (n[0] < limit && Arrays.compareUnsigned(k, from) >= 0) {
            n[0]++;
            visitor.accept(k, v);
          }
        });
  }

  Batch batch();

  @Override
  void close();
}

package network.pot.chain.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.chain.merkle.SparseMerkleTree;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.StateCodec;
import network.pot.chain.state.StateValue;
import network.pot.chain.tx.Transaction;

/**
 * The whole ledger state after one block, as one self-describing blob: what a node joining late
 * restores instead of replaying every block. A peer's snapshot is only a claim; {@link #decode}
 * rebuilds the state tree from the entries and refuses the snapshot unless its root is the one the
 * caller trusts (the state root in a header that a quorum certificate commits, verified
 * light-client style from genesis).
 *
 * <p>Format (version 1): magic {@code "POTS"}, u8 version, chain id, u64 height, the 32-byte hash
 * of the block at that height, the 32-byte state root, then a u32 count of entries, each a
 * u32-length key and a u32-length canonical value encoding. Every entry must decode, and no key may
 * repeat.
 */
public record StateSnapshot(String chainId, long height, Hash blockHash, LedgerState state) {
  private static final int MAGIC = 0x504f5453; // "POTS"
  private static final int VERSION = 1;

  /** Most entries a snapshot may hold. */
  public static final int MAX_ENTRIES = 1 << 24;

  /** Longest state key. */
  public static final int MAX_KEY_BYTES = 256;

  /** Longest encoded state value. */
  public static final int MAX_VALUE_BYTES = 64 << 20;

  public StateSnapshot {
    if (height < 1) {
      throw new IllegalArgumentException("a snapshot is of a committed block, height >= 1");
    }
  }

  /** The state root: what a header after this height commits to. */
  public Hash root() {
    return state.root();
  }

  /** The snapshot's bytes. */
  public byte[] encode() {
    List<Bytes> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    state.forEach(
        (k, v) -> {
          keys.add(k);
          values.add(StateCodec.encode(v));
        });
    int size = 128 + chainId.length() * 4;
    for (int i = 0; i < keys.size(); i++) {
      size += 8 + keys.get(i).length() + values.get(i).length;
    }
    Writer w =
        new Writer(size)
            .u32(MAGIC)
            .u8(VERSION)
            .string(chainId)
            .u64(height)
            .raw(blockHash.unsafeArray())
            .raw(state.root().unsafeArray())
            .u32(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      w.bytes(keys.get(i)).u32(values.get(i).length).raw(values.get(i));
    }
    return w.toByteArray();
  }

  /**
   * Decodes a snapshot and checks it: every entry decodes canonically, no key repeats, and the
   * rebuilt state's root is the declared one.
   *
   * @throws DecodeException when the bytes are not a snapshot, or its entries do not make the root
   *     it declares
   */
  public static StateSnapshot decode(byte[] bytes) throws DecodeException {
    Reader r = new Reader(bytes);
    if (r.u32() != MAGIC) {
      throw new DecodeException(DecodeException.Reason.INVALID_VALUE, "not a state snapshot");
    }
    int version = r.u8();
    if (version != VERSION) {
      throw new DecodeException(
          DecodeException.Reason.UNKNOWN_TAG, "state snapshot version " + version);
    }
    String chainId = r.string(Transaction.MAX_CHAIN_ID);
    long height = r.amount();
    if (height < 1) {
      throw new DecodeException(DecodeException.Reason.INVALID_VALUE, "snapshot height 0");
    }
    Hash blockHash = Hash.of(r.raw(Hash.SIZE));
    Hash root = Hash.of(r.raw(Hash.SIZE));
    int n = r.u32();
    if (n < 0 || n > MAX_ENTRIES) {
      throw new DecodeException(DecodeException.Reason.OVERSIZE, "snapshot of " + n + " entries");
    }
    Map<Bytes, StateValue> entries = new HashMap<>(Math.min(n, 1 << 16) * 2);
    byte[] previous = null;
    for (int i = 0; i < n; i++) {
      Bytes key = r.bytes(MAX_KEY_BYTES);
      byte[] path = SparseMerkleTree.keyHash(key).toArray();
      if (previous != null && Arrays.compareUnsigned(previous, path) >= 0) {
        throw new DecodeException(
            DecodeException.Reason.NON_CANONICAL, "entries out of the tree's order at " + i);
      }
      previous = path;
      int len = r.u32();
      if (len < 0 || len > MAX_VALUE_BYTES) {
        throw new DecodeException(DecodeException.Reason.OVERSIZE, "state value of " + len);
      }
      StateValue v = StateCodec.decode(key, r.raw(len));
      entries.put(key, v);
    }
    r.end();
    LedgerState state = LedgerState.of(entries);
    if (!state.root().equals(root)) {
      throw new DecodeException(
          DecodeException.Reason.INVALID_VALUE,
          "entries make state root " + state.root().shortHex() + ", not the declared " + root);
    }
    if (state.height() != height) {
      throw new DecodeException(
          DecodeException.Reason.INVALID_VALUE,
          "state of height " + state.height() + " declared as " + height);
    }
    return new StateSnapshot(chainId, height, blockHash, state);
  }
}

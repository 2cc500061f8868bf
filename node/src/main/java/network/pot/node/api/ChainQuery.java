package network.pot.node.api;

import java.util.List;
import java.util.Map;
import network.pot.base.crypto.Hash;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Event;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.StateView;
import network.pot.chain.store.ChainStore;

/**
 * Read-only questions about a running node and its finalized chain: what the JSON-RPC API and the
 * explorer show. Every answer comes from committed data (the latest state snapshot, the chain
 * store, the mempool's counters); nothing here changes the node.
 */
public interface ChainQuery {
  /** The node's name in logs and thread names. */
  String nodeName();

  /** The chain this node follows. */
  String chainId();

  /** The address of the node's own account (its validator or miner identity). */
  Address nodeAddress();

  /** The committed state: an immutable snapshot, replaced after each finalized block. */
  LedgerState state();

  /** The finalized block at {@code height}, or null when the chain store has none there. */
  Block block(long height);

  /**
   * The lowest height whose block and events this node holds: 1, or higher after a state sync or
   * once old history is pruned.
   */
  default long historyFrom() {
    return 1;
  }

  /** Where a transaction landed in the chain, or null when no finalized block holds it. */
  ChainStore.TxLocation transaction(Hash hash);

  /**
   * What a finalized transaction did (empty when it was rejected), or null when no finalized block
   * holds it or its block's events are not stored.
   */
  List<Event> events(Hash hash);

  /** The events of the finalized block at {@code height}, or null when none are stored. */
  ChainStore.BlockEvents blockEvents(long height);

  /**
   * Up to {@code limit} entries of an account's history, newest first, only those older than {@code
   * before} when it is not null.
   */
  List<ChainStore.HistoryEntry> history(Address address, ChainStore.HistoryEntry before, int limit);

  /** Whether the mempool holds the transaction (admitted, not yet in a block). */
  boolean isPending(Hash hash);

  /** Number of transactions waiting in the mempool. */
  int pendingCount();

  /**
   * The nonce {@code sender}'s next transaction should carry on {@code state}: after its last
   * consecutive pending one.
   */
  long nextNonce(Address sender, StateView state);

  /** Ids of every training task in the state, in id order. */
  List<Hash> taskIds();

  /** Number of connected peers. */
  int peerCount();

  /** Counts of what the node's miner and verifier did, by counter name. */
  Map<String, Long> workCounts();
}

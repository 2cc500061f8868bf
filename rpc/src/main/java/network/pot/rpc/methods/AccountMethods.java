package network.pot.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import network.pot.base.bytes.Hex;
import network.pot.base.codec.DecodeException;
import network.pot.base.crypto.Hash;
import network.pot.base.json.Json;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.LedgerState;
import network.pot.chain.store.ChainStore;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.TransactionCodec;
import network.pot.node.api.ChainQuery;
import network.pot.node.api.TxSubmission;
import network.pot.node.ledger.Mempool;
import network.pot.rpc.json.LedgerViews;

/**
 * Accounts and transactions: {@code pot_getAccount {address}}, {@code pot_getTransaction {hash}}
 * (status, body and events), {@code pot_getHistory {address, before?, limit?}}, {@code
 * pot_sendTransaction {tx: hex}} and {@code pot_sendTransactions {txs: [hex]}} (a batch, one result
 * each). Transactions go through the node's submission interface: admitted to the mempool, then
 * gossiped.
 */
public final class AccountMethods implements MethodGroup {
  /** Most transactions one {@code pot_sendTransactions} call may carry. */
  public static final int MAX_BATCH = 10_000;

  /** Entries one {@code pot_getHistory} page holds by default, and at most. */
  public static final int DEFAULT_HISTORY = 20;

  public static final int MAX_HISTORY = 200;

  private final ChainQuery chain;
  private final TxSubmission txs;

  public AccountMethods(ChainQuery chain, TxSubmission txs) {
    this.chain = chain;
    this.txs = txs;
  }

  @Override
  public Map<String, RpcMethod> methods() {
    return Map.of(
        "pot_getAccount", this::account,
        "pot_getTransaction", this::transaction,
        "pot_getHistory", this::history,
        "pot_sendTransaction", this::send,
        "pot_sendTransactions", this::sendAll);
  }

  private JsonNode account(JsonNode params) throws RpcError {
    LedgerState s = chain.state();
    Address a = Params.address(params, "address");
    return LedgerViews.account(a, s.account(a), chain.nextNonce(a, s));
  }

  private JsonNode transaction(JsonNode params) throws RpcError {
    Hash h = Params.hash(params, "hash");
    // The mempool first: a node stores a block before its mempool lets go of the block's
    // transactions, so one that is no longer pending is found in the store below. Asked the
    // other way round, a transaction committed between the two questions would read as unknown.
    boolean pending = chain.isPending(h);
    ChainStore.TxLocation loc = chain.transaction(h);
    SignedTransaction tx = null;
    if (loc != null) {
      Block b = chain.block(loc.height());
      if (b != null && loc.index() < b.transactions().size()) {
        tx = b.transactions().get(loc.index());
      }
    }
    return LedgerViews.transactionDetail(h, loc, pending, tx, loc == null ? null : chain.events(h));
  }

  /**
   * An account's history, newest first: {@code address}, {@code entries} (see {@link
   * LedgerViews#historyEntry}) and {@code next}, the cursor to pass as {@code before} for the next
   * page (null on the last page).
   */
  private JsonNode history(JsonNode params) throws RpcError {
    Address a = Params.address(params, "address");
    ChainStore.HistoryEntry before = null;
    JsonNode b = params.get("before");
    if (b != null && !b.isNull()) {
      try {
        before = ChainStore.HistoryEntry.parse(Params.text(params, "before"));
      } catch (IllegalArgumentException e) {
        throw RpcError.invalidParams("params.before: " + e.getMessage());
      }
    }
    long limit = params.has("limit") ? Params.integer(params, "limit") : DEFAULT_HISTORY;
    if (limit < 1 || limit > MAX_HISTORY) {
      throw RpcError.invalidParams("params.limit must be between 1 and " + MAX_HISTORY);
    }
    List<ChainStore.HistoryEntry> entries = chain.history(a, before, (int) limit + 1);
    boolean more = entries.size() > limit;
    if (more) {
      entries = entries.subList(0, (int) limit);
    }
    ObjectNode o = Json.object().put("address", a.toString());
    ArrayNode arr = o.putArray("entries");
    Map<Long, Block> blocks = new HashMap<>();
    Map<Long, ChainStore.BlockEvents> events = new HashMap<>();
    for (ChainStore.HistoryEntry e : entries) {
      Block block = blocks.computeIfAbsent(e.height(), chain::block);
      ChainStore.BlockEvents be = events.computeIfAbsent(e.height(), chain::blockEvents);
      ChainStore.TxLocation loc = null;
      if (!e.isBlock() && block != null && e.index() < block.transactions().size()) {
        loc = chain.transaction(block.transactions().get(e.index()).hash());
      }
      arr.add(LedgerViews.historyEntry(a, e, block, loc, be));
    }
    if (more) {
      o.put("next", entries.get(entries.size() - 1).cursor());
    } else {
      o.putNull("next");
    }
    return o;
  }

  private JsonNode send(JsonNode params) throws RpcError {
    SignedTransaction tx;
    try {
      tx = TransactionCodec.decode(Hex.decode(Params.text(params, "tx")));
    } catch (DecodeException | IllegalArgumentException e) {
      throw RpcError.invalidParams("tx: " + e.getMessage());
    }
    return LedgerViews.admission(txs.submit(tx));
  }

  /**
   * Admits a batch of transactions: decoded and signature-checked in parallel, then admitted in
   * order, so the results are what one-by-one calls would give. Each entry gets its own result; an
   * undecodable or forged entry is refused alone and does not stop the others.
   */
  private JsonNode sendAll(JsonNode params) throws RpcError {
    JsonNode list = params.get("txs");
    if (list == null || !list.isArray()) {
      throw RpcError.invalidParams("params.txs must be an array of hex strings");
    }
    if (list.size() > MAX_BATCH) {
      throw RpcError.invalidParams("params.txs holds more than " + MAX_BATCH + " transactions");
    }
    int n = list.size();
    SignedTransaction[] decoded = new SignedTransaction[n];
    String[] errors = new String[n];
    boolean[] signed = new boolean[n];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              JsonNode x = list.get(i);
              try {
                if (!x.isTextual()) {
                  throw new IllegalArgumentException("not a string");
                }
                decoded[i] = TransactionCodec.decode(Hex.decode(x.asText()));
                signed[i] = decoded[i].verifySignature();
              } catch (DecodeException | IllegalArgumentException e) {
                errors[i] = e.getMessage();
              }
            });
    ObjectNode o = Json.object();
    ArrayNode arr = o.putArray("results");
    long admitted = 0;
    for (int i = 0; i < n; i++) {
      ObjectNode r = arr.addObject();
      if (decoded[i] == null) {
        r.put("admitted", false).put("error", errors[i]);
        continue;
      }
      r.put("hash", decoded[i].hash().toHex());
      if (!signed[i]) {
        r.put("admitted", false).put("rejection", Mempool.Rejection.BAD_SIGNATURE.name());
        continue;
      }
      Mempool.Admission a = txs.submit(decoded[i], true);
      r.put("admitted", a.admitted());
      if (a.admitted()) {
        admitted++;
      } else {
        r.put("rejection", a.rejection().name());
      }
    }
    o.put("admitted", admitted);
    return o;
  }
}

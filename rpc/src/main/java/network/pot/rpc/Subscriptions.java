package network.pot.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import network.pot.base.crypto.Hash;
import network.pot.base.json.Json;
import network.pot.chain.block.Block;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Task;
import network.pot.chain.store.ChainStore;
import network.pot.chain.tx.SignedTransaction;
import network.pot.node.api.ChainQuery;
import network.pot.rpc.json.LedgerViews;
import network.pot.rpc.methods.RpcError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriptions of WebSocket clients, fed by the node's finalized blocks, in the style of Ethereum
 * nodes' {@code eth_subscribe}:
 *
 * <ul>
 *   <li>{@code pot_subscribe {topic: "newBlocks"}}: each finalized block's summary, as {@code
 *       pot_getBlocks} gives it;
 *   <li>{@code pot_subscribe {topic: "tx", hash}}: one notification with the transaction's status
 *       as {@code pot_getTransaction} reports it, once it is in a block ({@code accepted} or {@code
 *       rejected}) or has left the mempool without one ({@code unknown}: dropped); then the
 *       subscription ends;
 *   <li>{@code pot_subscribe {topic: "task", id}}: the task as {@code pot_getTask} gives it,
 *       whenever its status or one of its miners' changes.
 * </ul>
 *
 * The answer is the subscription's id; notifications are {@code {"jsonrpc":"2.0", "method":
 * "pot_subscription", "params": {"subscription": id, "result": ...}}}. {@code pot_unsubscribe
 * {subscription}} ends one (true when it was this connection's). Blocks are handled in order on one
 * thread, reading the node's state at most once per block.
 */
final class Subscriptions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

  static final String SUBSCRIBE = "pot_subscribe";
  static final String UNSUBSCRIBE = "pot_unsubscribe";
  static final String NOTIFICATION = "pot_subscription";

  private enum Topic {
    NEW_BLOCKS,
    TX,
    TASK
  }

  private static final class Sub {
    final String id;
    final WebSocketSession session;
    final Topic topic;
    final Hash target;
    JsonNode lastKey; // TASK: what was last reported; only the notifier thread touches it

    Sub(String id, WebSocketSession session, Topic topic, Hash target) {
      this.id = id;
      this.session = session;
      this.topic = topic;
      this.target = target;
    }
  }

  /** A subscription made but not yet live: {@link #activate()} after its id is sent. */
  record Started(String id, Runnable activate) {}

  private final ChainQuery chain;
  private final Map<String, Sub> live = new ConcurrentHashMap<>();
  private final ExecutorService notifier;
  private final SecureRandom random = new SecureRandom();

  Subscriptions(String name, ChainQuery chain) {
    this.chain = chain;
    this.notifier =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name + "-rpc-notify");
              t.setDaemon(true);
              return t;
            });
  }

  Started subscribe(WebSocketSession session, JsonNode params) throws RpcError {
    JsonNode t = params.get("topic");
    if (t == null || !t.isTextual()) {
      throw RpcError.invalidParams("params.topic must be a string: newBlocks, tx or task");
    }
    Topic topic;
    Hash target = null;
    switch (t.asText()) {
      case "newBlocks" -> topic = Topic.NEW_BLOCKS;
      case "tx" -> {
        topic = Topic.TX;
        target = hash(params, "hash");
      }
      case "task" -> {
        topic = Topic.TASK;
        target = hash(params, "id");
      }
      default ->
          throw RpcError.invalidParams(
              "params.topic: no topic " + t.asText() + " (newBlocks, tx or task)");
    }
    if (chain == null) {
      throw new RpcError(RpcError.SERVER_ERROR, "this server follows no chain");
    }
    String id = newId();
    Sub sub = new Sub(id, session, topic, target);
    if (topic == Topic.TASK) {
      LedgerState s = chain.state();
      Task task = s.task(target);
      if (task == null) {
        throw RpcError.invalidParams("params.id: no task " + target.toHex());
      }
      sub.lastKey = taskKey(LedgerViews.task(s, target, task));
    }
    return new Started(
        id,
        () -> {
          live.put(id, sub);
          session.added(id);
          if (sub.topic == Topic.TX) {
            // it may be final already, before the subscription was made
            notifier.execute(() -> checkTx(sub, null));
          }
        });
  }

  private static Hash hash(JsonNode params, String field) throws RpcError {
    JsonNode v = params.get(field);
    if (v == null || !v.isTextual()) {
      throw RpcError.invalidParams("params." + field + " must be a string");
    }
    try {
      return Hash.fromHex(v.asText());
    } catch (IllegalArgumentException e) {
      throw RpcError.invalidParams("params." + field + ": " + e.getMessage());
    }
  }

  private String newId() {
    while (true) {
      String id = String.format("0x%016x", random.nextLong());
      if (!live.containsKey(id)) {
        return id;
      }
    }
  }

  void unsubscribe(String id) {
    Sub s = live.remove(id);
    if (s != null) {
      s.session.removed(id);
    }
  }

  /** Ends the subscriptions {@code ids} of {@code session} (closed or dropped). */
  void dropAll(WebSocketSession session, Set<String> ids) {
    for (String id : ids) {
      Sub s = live.get(id);
      if (s != null && s.session == session) {
        unsubscribe(id);
      }
    }
  }

  /** Queues a finalized block for the subscribers (returns at once). */
  void blockFinalized(Block block) {
    if (live.isEmpty()) {
      return;
    }
    try {
      notifier.execute(() -> publish(block));
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  private void publish(Block block) {
    ObjectNode summary =
        LedgerViews.blockSummary(block).put("tx_count", block.transactions().size());
    Set<Hash> inBlock = null;
    LedgerState state = null;
    for (Sub s : live.values()) {
      try {
        switch (s.topic) {
          case NEW_BLOCKS -> send(s, summary);
          case TX -> {
            if (inBlock == null) {
              inBlock = new HashSet<>();
              for (SignedTransaction tx : block.transactions()) {
                inBlock.add(tx.hash());
              }
            }
            checkTx(s, inBlock);
          }
          case TASK -> {
            if (state == null) {
              state = chain.state();
            }
            Task task = state.task(s.target);
            if (task != null) {
              ObjectNode view = LedgerViews.task(state, s.target, task);
              JsonNode key = taskKey(view);
              if (!key.equals(s.lastKey)) {
                s.lastKey = key;
                send(s, view);
              }
            }
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("subscription {} failed at block {}", s.id, block.height(), e);
      }
    }
  }

  /**
   * Notifies a transaction subscriber once its transaction is final: in a block, or neither in one
   * nor in the mempool any longer. {@code inBlock} holds the hashes of the block just finalized
   * (null: check the chain store).
   */
  /** What {@code pot_getTransaction} answers for {@code hash}: status, body and events. */
  private JsonNode transactionView(Hash hash, ChainStore.TxLocation at, boolean pending) {
    SignedTransaction tx = null;
    if (at != null) {
      Block b = chain.block(at.height());
      if (b != null && at.index() < b.transactions().size()) {
        tx = b.transactions().get(at.index());
      }
    }
    return LedgerViews.transactionDetail(
        hash, at, pending, tx, at == null ? null : chain.events(hash));
  }

  private void checkTx(Sub s, Set<Hash> inBlock) {
    if (!live.containsKey(s.id)) {
      return;
    }
    ChainStore.TxLocation at = null;
    boolean pending = false;
    if (inBlock == null || inBlock.contains(s.target)) {
      at = chain.transaction(s.target);
    }
    if (at == null) {
      pending = chain.isPending(s.target);
      if (!pending && inBlock != null) {
        at = chain.transaction(s.target); // final in a block before this one
      }
    }
    if (at == null && (pending || inBlock == null)) {
      return; // still waiting (or, right after subscribing, wait for a block to say)
    }
    if (live.remove(s.id, s)) {
      s.session.removed(s.id);
      send(s, transactionView(s.target, at, pending));
    }
  }

  /** What a task subscriber is told about: the task's and its miners' statuses. */
  private static JsonNode taskKey(ObjectNode view) {
    ObjectNode key = Json.object();
    key.put("settled", view.path("settled").asBoolean());
    key.set("winner", view.get("winner"));
    ObjectNode miners = key.putObject("miners");
    for (JsonNode m : view.path("miners")) {
      miners.put(m.path("miner").asText(), m.path("status").asText());
    }
    return key;
  }

  private void send(Sub s, JsonNode result) {
    ObjectNode n = Json.object().put("jsonrpc", "2.0").put("method", NOTIFICATION);
    ObjectNode p = n.putObject("params").put("subscription", s.id);
    p.set("result", result);
    if (!s.session.notify(n)) {
      unsubscribe(s.id);
    }
  }

  @Override
  public void close() {
    notifier.shutdownNow();
    live.clear();
  }
}

package network.pot.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import network.pot.chain.block.Block;
import network.pot.chain.codec.DecodeException;
import network.pot.chain.codec.Hex;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.Hash;
import network.pot.chain.state.Account;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.SupplyAudit;
import network.pot.chain.state.Task;
import network.pot.chain.state.ValidatorSet;
import network.pot.chain.store.ChainStore;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.TransactionCodec;
import network.pot.node.Node;
import network.pot.node.ledger.Mempool;
import network.pot.proof.TaskSpec;

/**
 * JSON-RPC 2.0 over HTTP POST (the JDK's server, a small thread pool), and the web explorer on GET.
 * Reads answer from the latest committed state snapshot; writes go through the node's transaction
 * gateway. Bad requests get the standard error codes (-32700 parse error, -32600 invalid request,
 * -32601 unknown method, -32602 invalid params) and change nothing.
 *
 * <p>Methods: {@code pot_status}, {@code pot_getAccount {address}}, {@code pot_getBlock {height}},
 * {@code pot_getBlocks {from, count}} (summaries of the blocks at heights {@code from} upwards, at
 * most {@code count} &le; {@value #MAX_BLOCKS} of them, stopping at the tip; each with {@code
 * height, hash, time, previous_hash, state_root, proposer, tx_count}), {@code pot_getTransaction
 * {hash}}, {@code pot_sendTransaction {tx: hex}}, {@code pot_sendTransactions {txs: [hex]}} (a
 * batch, one result each), {@code pot_getValidators}, {@code pot_getValidator {address}}, {@code
 * pot_getTasks}, {@code pot_supply}, {@code pot_putTaskSpec {spec: json}} (stores a task spec so
 * miners and verifiers can fetch it by its hash).
 *
 * <p>GET (and HEAD) serve the explorer, a single page that calls these methods: {@code /}, {@code
 * /explorer.js} and {@code /explorer.css}, with a strict Content-Security-Policy. Any other path is
 * 404; methods other than GET, HEAD and POST get 405.
 */
public final class RpcServer implements AutoCloseable {
  /** Largest request body accepted. */
  public static final int MAX_BODY = 4 << 20;

  /** Most transactions one {@code pot_sendTransactions} call may carry. */
  public static final int MAX_BATCH = 10_000;

  /** Most blocks one {@code pot_getBlocks} call returns. */
  public static final int MAX_BLOCKS = 100;

  /** What the explorer's page may load and call: its own files and this server, nothing else. */
  private static final String EXPLORER_CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
          + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final Node node;
  private final HttpServer server;
  private final ExecutorService pool;
  private final ExplorerAssets explorer = ExplorerAssets.load();

  public RpcServer(Node node, InetSocketAddress listen) throws IOException {
    this.node = node;
    this.server = HttpServer.create(listen, 64);
    this.pool =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, node.name() + "-rpc");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
  }

  public void start() {
    server.start();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** A JSON-RPC error with its code. */
  static final class RpcError extends Exception {
    final int code;

    RpcError(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      if ("GET".equals(method) || "HEAD".equals(method)) {
        serveAsset(ex, "HEAD".equals(method));
        return;
      }
      if (!"POST".equals(method)) {
        ex.getResponseHeaders().add("Allow", "GET, HEAD, POST");
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      JsonNode response;
      if (body.length > MAX_BODY) {
        response = error(null, -32600, "request larger than " + MAX_BODY + " bytes");
      } else {
        response = respond(body);
      }
      ex.getResponseHeaders().add("Content-Type", "application/json");
      send(ex, 200, JSON.writeValueAsBytes(response), false);
    }
  }

  /** Serves one explorer file by its exact path; 404 for any other path. */
  private void serveAsset(HttpExchange ex, boolean headOnly) throws IOException {
    ExplorerAssets.Asset a = explorer.get(ex.getRequestURI().getRawPath());
    var h = ex.getResponseHeaders();
    h.add("X-Content-Type-Options", "nosniff");
    if (a == null) {
      h.add("Content-Type", "text/plain; charset=utf-8");
      send(ex, 404, "not found\n".getBytes(StandardCharsets.UTF_8), headOnly);
      return;
    }
    h.add("Content-Type", a.contentType());
    h.add("Content-Security-Policy", EXPLORER_CSP);
    h.add("Referrer-Policy", "no-referrer");
    h.add("Cache-Control", "no-cache");
    send(ex, 200, a.body(), headOnly);
  }

  /** Sends the status line, headers and (unless {@code headOnly}) the body. */
  private static void send(HttpExchange ex, int status, byte[] body, boolean headOnly)
      throws IOException {
    if (headOnly) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }

  /** Answers one request body (exposed for tests). */
  public JsonNode respond(byte[] body) {
    JsonNode req;
    try {
      req = JSON.readTree(body);
    } catch (IOException e) {
      return error(null, -32700, "parse error: " + e.getMessage());
    }
    if (req == null || !req.isObject() || !req.path("method").isTextual()) {
      return error(null, -32600, "a request is an object with a string method");
    }
    JsonNode id = req.get("id");
    try {
      JsonNode result = call(req.get("method").asText(), req.path("params"));
      ObjectNode o = F.objectNode().put("jsonrpc", "2.0");
      o.set("result", result);
      o.set("id", id);
      return o;
    } catch (RpcError e) {
      return error(id, e.code, e.getMessage());
    } catch (RuntimeException e) {
      return error(id, -32603, "internal error: " + e);
    }
  }

  private static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode o = F.objectNode().put("jsonrpc", "2.0");
    o.putObject("error").put("code", code).put("message", message);
    o.set("id", id);
    return o;
  }

  private JsonNode call(String method, JsonNode params) throws RpcError {
    LedgerState s = node.app().state();
    switch (method) {
      case "pot_status":
        return status(s);
      case "pot_getAccount":
        {
          Address a = address(params, "address");
          Account acc = s.account(a);
          return F.objectNode()
              .put("address", a.toString())
              .put("balance", acc.balance())
              .put("nonce", acc.nonce())
              .put("next_nonce", node.app().mempool().nextNonce(a, s));
        }
      case "pot_getBlock":
        return block(s, params);
      case "pot_getBlocks":
        return blocks(s, params);
      case "pot_getTransaction":
        {
          Hash h = hash(params, "hash");
          ChainStore.TxLocation loc = node.app().chain().transaction(h);
          ObjectNode o = F.objectNode().put("hash", h.toHex());
          if (loc == null) {
            o.put("status", node.app().mempool().contains(h) ? "pending" : "unknown");
          } else {
            o.put("status", loc.outcome().ok() ? "accepted" : "rejected")
                .put("outcome", loc.outcome().name())
                .put("height", loc.height())
                .put("index", loc.index());
          }
          return o;
        }
      case "pot_sendTransaction":
        {
          SignedTransaction tx;
          try {
            tx = TransactionCodec.decode(Hex.decode(text(params, "tx")));
          } catch (DecodeException | IllegalArgumentException e) {
            throw new RpcError(-32602, "tx: " + e.getMessage());
          }
          Mempool.Admission a = node.gateway().submit(tx);
          ObjectNode o = F.objectNode().put("hash", a.hash().toHex()).put("admitted", a.admitted());
          if (!a.admitted()) {
            o.put("rejection", a.rejection().name());
          }
          return o;
        }
      case "pot_sendTransactions":
        return sendAll(params);
      case "pot_getValidators":
        {
          ArrayNode arr = F.arrayNode();
          for (ValidatorSet.Member m : s.validatorSet().members()) {
            var v = s.validator(m.address());
            arr.addObject()
                .put("address", m.address().toString())
                .put("power", m.power())
                .put("jailed", v != null && v.jailed());
          }
          return arr;
        }
      case "pot_getValidator":
        {
          Address a = address(params, "address");
          var v = s.validator(a);
          if (v == null) {
            throw new RpcError(-32602, "no validator " + a);
          }
          return F.objectNode()
              .put("address", a.toString())
              .put("tokens", v.tokens())
              .put("jailed", v.jailed())
              .put("tombstoned", v.tombstoned())
              .put("active", s.validatorSet().member(a) != null);
        }
      case "pot_getTasks":
        return tasks(s);
      case "pot_supply":
        {
          SupplyAudit a = SupplyAudit.of(s);
          return F.objectNode()
              .put("supply", a.supply())
              .put("balances", a.balances())
              .put("bonded", a.bonded())
              .put("unbonding", a.unbonding())
              .put("escrow", a.escrow())
              .put("unpaid_rewards", a.unpaidRewards())
              .put("treasury", a.treasury())
              .put("conserved", a.balanced());
        }
      case "pot_putTaskSpec":
        {
          TaskSpec spec;
          try {
            spec = TaskSpec.parse(text(params, "spec"));
          } catch (IllegalArgumentException e) {
            throw new RpcError(-32602, "spec: " + e.getMessage());
          }
          try {
            node.artifacts()
                .put(spec.taskId(), spec.canonicalJson().getBytes(StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new RpcError(-32000, "cannot store the spec: " + e.getMessage());
          }
          return F.objectNode().put("spec_hash", Hex.encode(spec.taskId()));
        }
      default:
        throw new RpcError(-32601, "unknown method " + method);
    }
  }

  /**
   * Admits a batch of transactions: decoded and signature-checked in parallel, then admitted in
   * order, so the results are what one-by-one calls would give. Each entry gets its own result; an
   * undecodable or forged entry is refused alone and does not stop the others.
   */
  private ObjectNode sendAll(JsonNode params) throws RpcError {
    JsonNode list = params.get("txs");
    if (list == null || !list.isArray()) {
      throw new RpcError(-32602, "params.txs must be an array of hex strings");
    }
    if (list.size() > MAX_BATCH) {
      throw new RpcError(-32602, "params.txs holds more than " + MAX_BATCH + " transactions");
    }
    int n = list.size();
    SignedTransaction[] txs = new SignedTransaction[n];
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
                txs[i] = TransactionCodec.decode(Hex.decode(x.asText()));
                signed[i] = txs[i].verifySignature();
              } catch (DecodeException | IllegalArgumentException e) {
                errors[i] = e.getMessage();
              }
            });
    ObjectNode o = F.objectNode();
    ArrayNode arr = o.putArray("results");
    long admitted = 0;
    for (int i = 0; i < n; i++) {
      ObjectNode r = arr.addObject();
      if (txs[i] == null) {
        r.put("admitted", false).put("error", errors[i]);
        continue;
      }
      r.put("hash", txs[i].hash().toHex());
      if (!signed[i]) {
        r.put("admitted", false).put("rejection", Mempool.Rejection.BAD_SIGNATURE.name());
        continue;
      }
      Mempool.Admission a = node.gateway().submit(txs[i], true);
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

  private ObjectNode status(LedgerState s) {
    ObjectNode o =
        F.objectNode()
            .put("node", node.name())
            .put("chain_id", node.genesis().chainId())
            .put("height", s.height())
            .put("last_block_hash", s.globals().lastBlockHash().toHex())
            .put("last_block_time", s.globals().lastBlockTime())
            .put("state_root", s.root().toHex())
            .put("peers", node.p2p().peers().size())
            .put("mempool", node.app().mempool().size())
            .put("address", node.key().address().toString())
            .put("validator", s.validatorSet().member(node.key().address()) != null);
    ObjectNode work = o.putObject("work");
    node.workCounts().forEach(work::put);
    return o;
  }

  private ObjectNode block(LedgerState s, JsonNode params) throws RpcError {
    long h = params.path("height").asLong(s.height());
    Block b = h >= 1 && h <= s.height() ? node.app().chain().block(h) : null;
    if (b == null) {
      throw new RpcError(-32602, "no block at height " + h);
    }
    ObjectNode o = summary(b);
    ArrayNode signers = o.putArray("last_commit");
    b.header().lastCommit().forEach(a -> signers.add(a.toString()));
    ArrayNode txs = o.putArray("transactions");
    for (SignedTransaction tx : b.transactions()) {
      txs.addObject()
          .put("hash", tx.hash().toHex())
          .put("sender", tx.sender().toString())
          .put("type", tx.body().payload().type().name());
    }
    return o;
  }

  private ArrayNode blocks(LedgerState s, JsonNode params) throws RpcError {
    long from = integer(params, "from");
    long count = integer(params, "count");
    if (from < 1) {
      throw new RpcError(-32602, "params.from must be a height of at least 1");
    }
    if (count < 1 || count > MAX_BLOCKS) {
      throw new RpcError(-32602, "params.count must be between 1 and " + MAX_BLOCKS);
    }
    ArrayNode arr = F.arrayNode();
    long last = Math.min(s.height(), from + count - 1);
    for (long h = from; h <= last; h++) {
      Block b = node.app().chain().block(h);
      arr.add(summary(b).put("tx_count", b.transactions().size()));
    }
    return arr;
  }

  /** The header fields of a block that both block methods return. */
  private static ObjectNode summary(Block b) {
    return F.objectNode()
        .put("height", b.height())
        .put("hash", b.hash().toHex())
        .put("time", b.header().timeMillis())
        .put("previous_hash", b.header().previousHash().toHex())
        .put("state_root", b.header().stateRoot().toHex())
        .put("proposer", b.header().proposer().toString());
  }

  private ArrayNode tasks(LedgerState s) {
    ArrayNode arr = F.arrayNode();
    for (Hash id : node.tasks().ids()) {
      Task t = s.task(id);
      if (t == null) {
        continue;
      }
      ObjectNode o =
          arr.addObject()
              .put("id", id.toHex())
              .put("publisher", t.publisher().toString())
              .put("dataset", t.terms().datasetId().toHex())
              .put("spec_hash", t.terms().specHash().toHex())
              .put("steps", t.terms().totalSteps())
              .put("reward", t.terms().reward())
              .put("deadline", t.terms().deadline())
              .put("settlement_height", t.settlementHeight(s.params()))
              .put("settled", t.settled())
              .put("winner", t.winner() == null ? null : t.winner().toString());
      ArrayNode miners = o.putArray("miners");
      for (Address m : t.miners()) {
        Enrollment e = s.enrollment(id, m);
        ObjectNode mo =
            miners.addObject().put("miner", m.toString()).put("status", e.status().name());
        mo.put("claimed_correct", e.claimedMetric()).put("bond", e.bond());
        long accept = e.votes().stream().filter(Enrollment.Verdict::accept).count();
        mo.put("votes_accept", accept).put("votes_reject", e.votes().size() - accept);
        mo.put("committee", e.committee().size());
      }
    }
    return arr;
  }

  private static String text(JsonNode params, String field) throws RpcError {
    JsonNode v = params.get(field);
    if (v == null || !v.isTextual()) {
      throw new RpcError(-32602, "params." + field + " must be a string");
    }
    return v.asText();
  }

  private static long integer(JsonNode params, String field) throws RpcError {
    JsonNode v = params.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new RpcError(-32602, "params." + field + " must be an integer");
    }
    return v.asLong();
  }

  private static Address address(JsonNode params, String field) throws RpcError {
    try {
      return Address.parse(text(params, field));
    } catch (IllegalArgumentException e) {
      throw new RpcError(-32602, "params." + field + ": " + e.getMessage());
    }
  }

  private static Hash hash(JsonNode params, String field) throws RpcError {
    try {
      return Hash.fromHex(text(params, field));
    } catch (IllegalArgumentException e) {
      throw new RpcError(-32602, "params." + field + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}

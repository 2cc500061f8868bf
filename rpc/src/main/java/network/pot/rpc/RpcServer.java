package network.pot.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import network.pot.base.json.Json;
import network.pot.node.api.ArtifactStore;
import network.pot.node.api.ChainQuery;
import network.pot.node.api.DatasetStore;
import network.pot.node.api.TxSubmission;
import network.pot.rpc.explorer.ExplorerFiles;
import network.pot.rpc.methods.AccountMethods;
import network.pot.rpc.methods.BlockMethods;
import network.pot.rpc.methods.DatasetMethods;
import network.pot.rpc.methods.DatasetUploadMethods;
import network.pot.rpc.methods.GovernanceMethods;
import network.pot.rpc.methods.MethodGroup;
import network.pot.rpc.methods.RpcError;
import network.pot.rpc.methods.RpcMethod;
import network.pot.rpc.methods.StakingMethods;
import network.pot.rpc.methods.StatusMethods;
import network.pot.rpc.methods.TaskMethods;

/**
 * JSON-RPC 2.0 over HTTP POST (the JDK's server, a small thread pool), and the web explorer on GET.
 * The server is transport and dispatch only: each method belongs to a handler of its group, and the
 * handlers see the node through its narrow interfaces ({@link ChainQuery} for reads, {@link
 * TxSubmission} for transactions, {@link ArtifactStore} for task specs). Reads answer from the
 * latest committed state snapshot. Bad requests get the standard error codes (-32700 parse error,
 * -32600 invalid request, -32601 unknown method, -32602 invalid params) and change nothing.
 *
 * <p>Methods: {@code pot_status}, {@code pot_getValidators}, {@code pot_getValidator {address}},
 * {@code pot_supply} ({@link StatusMethods}); {@code pot_getBlock {height}}, {@code pot_getBlocks
 * {from, count}} (summaries of the blocks at heights {@code from} upwards, at most {@code count}
 * &le; {@value BlockMethods#MAX_BLOCKS} of them, stopping at the tip; each with {@code height,
 * hash, time, previous_hash, state_root, proposer, tx_count}) ({@link BlockMethods}); {@code
 * pot_getAccount {address}}, {@code pot_getTransaction {hash}}, {@code pot_sendTransaction {tx:
 * hex}}, {@code pot_sendTransactions {txs: [hex]}} (a batch of at most {@value
 * AccountMethods#MAX_BATCH}, one result each) ({@link AccountMethods}); {@code pot_getTasks},
 * {@code pot_putTaskSpec {spec: json}} (stores a task spec so miners and verifiers can fetch it by
 * its hash) ({@link TaskMethods}); {@code pot_uploadDataset {dataset, size, offset, data}} (a
 * dataset's bundle in base64 chunks, checked against its id, then held and served) ({@link
 * DatasetUploadMethods}).
 *
 * <p>GET (and HEAD) serve the explorer ({@link ExplorerFiles}), a single page that calls these
 * methods: {@code /}, {@code /explorer.js} and {@code /explorer.css}, with a strict
 * Content-Security-Policy. Any other path is 404; methods other than GET, HEAD and POST get 405.
 */
public final class RpcServer implements AutoCloseable {
  /** Largest request body accepted. */
  public static final int MAX_BODY = 4 << 20;

  private final HttpServer server;
  private final ExecutorService pool;
  private final Map<String, RpcMethod> methods;
  private final ExplorerFiles explorer = ExplorerFiles.load();

  /** Binds {@code listen} for a node's API; {@link #start()} serves it. */
  public RpcServer(
      InetSocketAddress listen,
      ChainQuery chain,
      TxSubmission txs,
      ArtifactStore artifacts,
      DatasetStore datasets)
      throws IOException {
    this(
        listen,
        chain.nodeName(),
        List.of(
            new StatusMethods(chain),
            new BlockMethods(chain),
            new AccountMethods(chain, txs),
            new TaskMethods(chain, artifacts),
            new StakingMethods(chain),
            new GovernanceMethods(chain),
            new DatasetMethods(chain),
            new DatasetUploadMethods(datasets)));
  }

  /** Binds {@code listen} for the methods of {@code groups} (their names must not repeat). */
  public RpcServer(InetSocketAddress listen, String name, List<MethodGroup> groups)
      throws IOException {
    Map<String, RpcMethod> all = new HashMap<>();
    for (MethodGroup g : groups) {
      g.methods()
          .forEach(
              (method, handler) -> {
                if (all.putIfAbsent(method, handler) != null) {
                  throw new IllegalArgumentException("two handlers for " + method);
                }
              });
    }
    this.methods = Map.copyOf(all);
    this.server = HttpServer.create(listen, 64);
    this.pool =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, name + "-rpc");
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

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      if ("GET".equals(method) || "HEAD".equals(method)) {
        ExplorerFiles.Reply r = explorer.get(ex.getRequestURI().getRawPath());
        r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        send(ex, r.status(), r.body(), "HEAD".equals(method));
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
        response =
            error(null, RpcError.INVALID_REQUEST, "request larger than " + MAX_BODY + " bytes");
      } else {
        response = respond(body);
      }
      ex.getResponseHeaders().add("Content-Type", "application/json");
      send(ex, 200, Json.mapper().writeValueAsBytes(response), false);
    }
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
      req = Json.mapper().readTree(body);
    } catch (IOException e) {
      return error(null, RpcError.PARSE_ERROR, "parse error: " + e.getMessage());
    }
    if (req == null || !req.isObject() || !req.path("method").isTextual()) {
      return error(null, RpcError.INVALID_REQUEST, "a request is an object with a string method");
    }
    JsonNode id = req.get("id");
    try {
      String name = req.get("method").asText();
      RpcMethod m = methods.get(name);
      if (m == null) {
        throw new RpcError(RpcError.METHOD_NOT_FOUND, "unknown method " + name);
      }
      JsonNode result = m.call(req.path("params"));
      ObjectNode o = Json.object().put("jsonrpc", "2.0");
      o.set("result", result);
      o.set("id", id);
      return o;
    } catch (RpcError e) {
      return error(id, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      return error(id, RpcError.INTERNAL_ERROR, "internal error: " + e);
    }
  }

  private static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode o = Json.object().put("jsonrpc", "2.0");
    o.putObject("error").put("code", code).put("message", message);
    o.set("id", id);
    return o;
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}

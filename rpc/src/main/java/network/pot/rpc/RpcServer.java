package network.pot.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import network.pot.base.json.Json;
import network.pot.chain.block.Block;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over HTTP POST and over a WebSocket at {@code /ws}, and the web explorer on GET, all
 * on one Netty listener. The event loop only decodes and encodes; method calls run on a small pool,
 * one at a time per connection in arrival order. The server is transport and dispatch only: each
 * method belongs to a handler of its group, and the handlers see the node through its narrow
 * interfaces ({@link ChainQuery} for reads, {@link TxSubmission} for transactions, {@link
 * ArtifactStore} for task specs). Reads answer from the latest committed state snapshot. Bad
 * requests get the standard error codes (-32700 parse error, -32600 invalid request, -32601 unknown
 * method, -32602 invalid params) and change nothing.
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
 * methods: {@code /}, {@code /explorer.js}, {@code /explorer.css} and its chart library, with a
 * strict Content-Security-Policy. Any other path is 404; methods other than GET, HEAD and POST get
 * 405. A request body larger than {@link #MAX_BODY} is refused with 413. Connections are kept alive
 * as the client asks (HTTP/1.1 by default).
 *
 * <p>Limits ({@link RpcConfig}, the {@code [rpc]} table): each client IP has a token bucket ({@link
 * RateLimiter}) that its HTTP requests and WebSocket messages draw on; beyond it a request gets 429
 * (a message a {@code -32005} error) and is not run. {@code pot_putTaskSpec} takes specs up to a
 * size, and holds those no task on chain names within a byte budget until a block brings their task
 * ({@link #blockFinalized(Block)}); {@code pot_supply} is computed once per block.
 *
 * <p>{@code rpc.discover} returns the OpenRPC document of every method ({@code openrpc.json}).
 *
 * <p>The WebSocket ({@link WebSocketSession}) answers the same calls, plus {@code pot_subscribe}
 * and {@code pot_unsubscribe} ({@link Subscriptions}), fed by {@link #blockFinalized(Block)}.
 */
public final class RpcServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);

  /** Largest request body (HTTP) or message (WebSocket) accepted. */
  public static final int MAX_BODY = 4 << 20;

  /** The WebSocket's path on the listen address. */
  public static final String WS_PATH = "/ws";

  /** The methods only a WebSocket serves (they need a connection to notify). */
  static final Set<String> SOCKET_METHODS =
      Set.of(Subscriptions.SUBSCRIBE, Subscriptions.UNSUBSCRIBE);

  static final String DISCOVER = "rpc.discover";

  /** Calls one connection may have waiting before the server stops reading from it. */
  static final int MAX_QUEUED_PER_CONNECTION = 16;

  private static final WriteBufferWaterMark WATER_MARK =
      new WriteBufferWaterMark(256 << 10, 1 << 20);

  private final Map<String, RpcMethod> methods;
  private final ExplorerFiles explorer = ExplorerFiles.load();
  private final ExecutorService pool;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Channel serverChannel;
  private final Subscriptions subscriptions;
  private final TaskMethods tasks;
  private final RateLimiter limiter;
  private volatile Operations operations;

  /**
   * Serves {@code ops} at {@code /metrics}, {@code /health} and {@code /health/ready} (before the
   * explorer's files); without it those paths are the explorer's.
   */
  public void serveOperations(Operations ops) {
    this.operations = ops;
  }

  Operations operations() {
    return operations;
  }

  /** Binds {@code listen} for a node's API with the default limits; {@link #start()} serves it. */
  public RpcServer(
      InetSocketAddress listen,
      ChainQuery chain,
      TxSubmission txs,
      ArtifactStore artifacts,
      DatasetStore datasets)
      throws IOException {
    this(listen, RpcConfig.DEFAULT, chain, txs, artifacts, datasets);
  }

  /** Binds {@code listen} for a node's API under {@code config}'s limits. */
  public RpcServer(
      InetSocketAddress listen,
      RpcConfig config,
      ChainQuery chain,
      TxSubmission txs,
      ArtifactStore artifacts,
      DatasetStore datasets)
      throws IOException {
    this(listen, config, chain, taskMethods(chain, artifacts, config), txs, datasets);
  }

  private RpcServer(
      InetSocketAddress listen,
      RpcConfig config,
      ChainQuery chain,
      TaskMethods tasks,
      TxSubmission txs,
      DatasetStore datasets)
      throws IOException {
    this(
        listen,
        chain.nodeName(),
        List.of(
            new StatusMethods(chain),
            new BlockMethods(chain),
            new AccountMethods(chain, txs),
            tasks,
            new StakingMethods(chain),
            new GovernanceMethods(chain),
            new DatasetMethods(chain),
            new DatasetUploadMethods(datasets)),
        config,
        chain,
        tasks);
  }

  private static TaskMethods taskMethods(
      ChainQuery chain, ArtifactStore artifacts, RpcConfig config) {
    return new TaskMethods(
        chain,
        artifacts,
        config.maxTaskSpecBytes(),
        config.maxPendingTaskSpecBytes(),
        config.pendingTaskSpecBlocks());
  }

  /** Binds {@code listen} for the methods of {@code groups} (their names must not repeat). */
  public RpcServer(InetSocketAddress listen, String name, List<MethodGroup> groups)
      throws IOException {
    this(listen, name, groups, RpcConfig.DEFAULT);
  }

  /** Binds {@code listen} for the methods of {@code groups} under {@code config}'s limits. */
  public RpcServer(
      InetSocketAddress listen, String name, List<MethodGroup> groups, RpcConfig config)
      throws IOException {
    this(listen, name, groups, config, null, null);
  }

  /**
   * Binds {@code listen} for the methods of {@code groups}; subscriptions follow {@code chain}
   * (null: a server without a chain, whose subscriptions never fire), and so do the task specs
   * waiting in {@code tasks} (null: none).
   */
  private RpcServer(
      InetSocketAddress listen,
      String name,
      List<MethodGroup> groups,
      RpcConfig config,
      ChainQuery chain,
      TaskMethods tasks)
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
    JsonNode discovery = openRpc();
    if (all.putIfAbsent(DISCOVER, p -> discovery.deepCopy()) != null) {
      throw new IllegalArgumentException("two handlers for " + DISCOVER);
    }
    for (String m : SOCKET_METHODS) {
      if (all.containsKey(m)) {
        throw new IllegalArgumentException("two handlers for " + m);
      }
    }
    this.methods = Map.copyOf(all);
    this.tasks = tasks;
    this.limiter = RateLimiter.of(config);
    this.pool =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, name + "-rpc");
              t.setDaemon(true);
              return t;
            });
    this.subscriptions = new Subscriptions(name, chain);
    this.boss = new NioEventLoopGroup(1, new DefaultThreadFactory(name + "-rpc-accept", true));
    this.workers = new NioEventLoopGroup(2, new DefaultThreadFactory(name + "-rpc-io", true));
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 64)
            .option(ChannelOption.AUTO_READ, false) // accepts once start() is called
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    channels.add(ch);
                    CallQueue calls = new CallQueue(ch, pool, MAX_QUEUED_PER_CONNECTION);
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(MAX_BODY))
                        .addLast(
                            new WebSocketServerProtocolHandler(
                                WebSocketServerProtocolConfig.newBuilder()
                                    .websocketPath(WS_PATH)
                                    .maxFramePayloadLength(MAX_BODY)
                                    .handleCloseFrames(true)
                                    .build()))
                        .addLast(new WebSocketFrameAggregator(MAX_BODY))
                        .addLast(
                            new WebSocketSession(RpcServer.this, subscriptions, calls, limiter))
                        .addLast(new HttpRpcHandler(RpcServer.this, explorer, calls, limiter));
                  }
                });
    ChannelFuture bound = b.bind(listen).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      shutdown();
      Throwable cause = bound.cause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot listen on " + listen + ": " + cause, cause);
    }
    this.serverChannel = bound.channel();
  }

  /** The OpenRPC document of the node's methods, from {@code openrpc.json}. */
  private static JsonNode openRpc() {
    try (InputStream in = RpcServer.class.getResourceAsStream("openrpc.json")) {
      if (in == null) {
        throw new IllegalStateException("openrpc.json is missing from the classpath");
      }
      return Json.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts accepting connections. */
  public void start() {
    serverChannel.config().setAutoRead(true);
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Every method this server answers: the groups', {@code rpc.discover} and the socket's. */
  public Set<String> methodNames() {
    Set<String> names = new TreeSet<>(methods.keySet());
    names.addAll(SOCKET_METHODS);
    return names;
  }

  /**
   * Tells subscribers about a finalized block (called by the node after each commit, on its
   * consensus thread: it only queues the work).
   */
  public void blockFinalized(Block block) {
    subscriptions.blockFinalized(block);
    if (tasks != null) {
      try {
        pool.execute(
            () -> {
              try {
                tasks.committed();
              } catch (IOException | RuntimeException e) {
                LOG.warn("cannot store the task specs of block {}", block.height(), e);
              }
            });
      } catch (RejectedExecutionException closing) {
        // the server is closing
      }
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
    return respond(req);
  }

  /** Answers one parsed request. */
  JsonNode respond(JsonNode req) {
    if (req == null || !req.isObject() || !req.path("method").isTextual()) {
      return error(null, RpcError.INVALID_REQUEST, "a request is an object with a string method");
    }
    JsonNode id = req.get("id");
    try {
      String name = req.get("method").asText();
      RpcMethod m = methods.get(name);
      if (m == null) {
        if (SOCKET_METHODS.contains(name)) {
          throw new RpcError(
              RpcError.METHOD_NOT_FOUND, name + " is served on the WebSocket at " + WS_PATH);
        }
        throw new RpcError(RpcError.METHOD_NOT_FOUND, "unknown method " + name);
      }
      return result(id, m.call(req.path("params")));
    } catch (RpcError e) {
      return error(id, e.code(), e.getMessage());
    } catch (RuntimeException e) {
      return error(id, RpcError.INTERNAL_ERROR, "internal error: " + e);
    }
  }

  static ObjectNode result(JsonNode id, JsonNode result) {
    ObjectNode o = Json.object().put("jsonrpc", "2.0");
    o.set("result", result);
    o.set("id", id);
    return o;
  }

  static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode o = Json.object().put("jsonrpc", "2.0");
    o.putObject("error").put("code", code).put("message", message);
    o.set("id", id);
    return o;
  }

  private void shutdown() {
    subscriptions.close();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    pool.shutdownNow();
  }

  @Override
  public void close() {
    serverChannel.close().awaitUninterruptibly();
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    shutdown();
  }
}

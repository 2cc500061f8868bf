package network.pot.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import network.pot.node.Node;
import network.pot.node.NodeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node with its JSON-RPC server attached: what {@code pot node} and the devnet run. The node
 * starts first; then, when the config names an {@code [rpc] listen} address, the server serves it
 * there, under the limits of the config's {@code [rpc]} table ({@link RpcConfig}). {@link #close()}
 * stops the server, then the node.
 */
public final class RpcNode implements AutoCloseable {
  private static final Logger STATUS = LoggerFactory.getLogger("pot.status");

  private final NodeConfig config;
  private final RpcConfig limits;
  private final Node node;
  private volatile RpcServer rpc;

  private RpcNode(NodeConfig config, RpcConfig limits, Node node) {
    this.config = config;
    this.limits = limits;
    this.node = node;
  }

  /**
   * A node of {@code config}, not started yet (its genesis and key are read, and the server's
   * limits: a bad {@code [rpc]} value fails here, before anything runs).
   */
  public static RpcNode open(NodeConfig config) throws IOException {
    RpcConfig limits = config.file() == null ? RpcConfig.DEFAULT : RpcConfig.read(config.file());
    return new RpcNode(config, limits, Node.open(config));
  }

  /**
   * Opens and starts a node and its server; when startup fails, what was started is closed again
   * before the error is thrown.
   */
  public static RpcNode start(NodeConfig config) throws IOException {
    RpcNode n = open(config);
    try {
      return n.start();
    } catch (IOException | RuntimeException e) {
      n.close();
      throw e;
    }
  }

  /** Starts the node, then the JSON-RPC server on the configured address (if any). */
  public RpcNode start() throws IOException {
    node.start();
    InetSocketAddress listen = config.rpcListen();
    if (listen != null) {
      RpcServer server =
          new RpcServer(listen, limits, node, node.gateway(), node.artifacts(), node.datasets());
      rpc = server;
      server.serveOperations(operations(node));
      node.app().addListener((block, result) -> server.blockFinalized(block));
      server.start();
      STATUS.info(
          "{} serves JSON-RPC and the explorer on http://{}/ (WebSocket {})",
          node.name(),
          listen,
          RpcServer.WS_PATH);
      STATUS.info("{} JSON-RPC limits: {}", node.name(), limits);
    }
    return this;
  }

  public Node node() {
    return node;
  }

  /** A block older than this says the node is not keeping up (readiness fails). */
  private static final long READY_MAX_BLOCK_AGE_MS = 30_000;

  /** The node's metrics and health, for {@code /metrics} and {@code /health}. */
  static Operations operations(Node node) {
    return new Operations() {
      @Override
      public String metrics() {
        return node.metrics().scrape();
      }

      @Override
      public Health health() {
        var s = node.state();
        long age = Math.max(0, System.currentTimeMillis() - s.globals().lastBlockTime());
        boolean live = !node.failure().isDone();
        boolean ready = live && s.height() > 0 && age <= READY_MAX_BLOCK_AGE_MS;
        var body = network.pot.base.json.Json.object();
        body.put("status", !live ? "halted" : ready ? "ready" : "catching_up")
            .put("height", s.height())
            .put("last_block_age_ms", age)
            .put("peers", node.peerCount())
            .put("disk", node.storage().diskLow() ? "low" : "ok");
        return new Health(live, ready, body);
      }
    };
  }

  /** The RPC server (null when the config disables it), which also answers in-process. */
  public RpcServer rpcServer() {
    return rpc;
  }

  @Override
  public void close() {
    RpcServer r = rpc;
    if (r != null) {
      r.close();
    }
    node.close();
  }
}

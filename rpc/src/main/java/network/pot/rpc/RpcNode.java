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

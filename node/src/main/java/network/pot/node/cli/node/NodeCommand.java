package network.pot.node.cli.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import network.pot.node.Node;
import network.pot.node.NodeConfig;
import network.pot.node.cli.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pot node --config FILE}: runs one node until interrupted. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one PoT node: ledger (RocksDB) and BFT consensus over authenticated p2p links, a",
      "mempool, the miner and verifier workers as configured, and JSON-RPC 2.0 over HTTP.",
      "The config is a TOML file (see NodeConfig); Ctrl-C (SIGINT/SIGTERM) stops it cleanly,",
      "and a restart with the same data directory resumes where it stopped."
    })
public final class NodeCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "Node config (TOML).")
  Path config;

  @Override
  public Integer call() throws Exception {
    Node node;
    try {
      node = new Node(NodeConfig.read(config));
    } catch (IOException | IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "shutdown"));
    try {
      node.start();
    } catch (IOException e) {
      throw new UserException("cannot start the node: " + e.getMessage(), e);
    }
    Throwable halted = node.failure().get();
    System.err.println("pot node: consensus halted: " + halted);
    return 1;
  }
}

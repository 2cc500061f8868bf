package network.pot.cli.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.node.NodeConfig;
import network.pot.rpc.RpcNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "Node config (TOML).")
  Path config;

  @Override
  public Integer call() throws Exception {
    return run(Output.of(spec), config);
  }

  /**
   * Runs the node of {@code config} until the process is stopped (SIGINT/SIGTERM close it cleanly)
   * or its consensus halts; returns the exit code.
   */
  public static int run(Output out, Path config) throws Exception {
    RpcNode node;
    try {
      node = RpcNode.open(NodeConfig.read(config));
    } catch (IOException | IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "shutdown"));
    try {
      node.start();
    } catch (IOException e) {
      throw new UserException("cannot start the node: " + e.getMessage(), e);
    }
    Throwable halted = node.node().failure().get();
    return out.error("consensus halted: " + halted, ExitCodes.INTERNAL);
  }
}

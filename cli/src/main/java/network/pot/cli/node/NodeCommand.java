package network.pot.cli.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.node.NodeConfig;
import network.pot.p2p.peer.PeerAddress;
import network.pot.rpc.RpcNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pot node --config FILE | --home DIR}: runs one node until interrupted. */
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

  @Option(names = "--config", paramLabel = "FILE", description = "Node config (TOML).")
  Path config;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Node home made by pot init: its config is DIR/config.toml.")
  Path home;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description =
          "Read the key's passphrase from FILE (instead of the config's or the"
              + " environment's POT_KEY_PASSPHRASE).")
  Path passphraseFile;

  @Option(
      names = "--seeds",
      split = ",",
      paramLabel = "ID@HOST:PORT",
      description =
          "Nodes to learn the network from (after the config's seeds): dialed at start and"
              + " whenever no peer is connected; ID is the node id pot init printed.")
  List<String> seeds = List.of();

  @Option(
      names = "--state-sync",
      description =
          "With an empty data directory: restore a recent state snapshot from peers (checked"
              + " against the chain's validator sets from genesis) instead of replaying every"
              + " block; falls back to replay when no peer serves one that verifies.")
  boolean stateSync;

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      description =
          "Log lines as text (default) or as one JSON object each, for log shippers"
              + " (also POT_LOG_FORMAT=json).")
  String logFormat = "text";

  @Override
  public Integer call() throws Exception {
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      throw new UserException("--log-format must be text or json, not " + logFormat);
    }
    if ((config == null) == (home == null)) {
      throw new UserException("give one of --config FILE and --home DIR");
    }
    Path file = config != null ? config : home.resolve("config.toml");
    if (!Files.isRegularFile(file)) {
      throw new UserException(file + ": no such config file" + (home != null ? " (pot init)" : ""));
    }
    if (passphraseFile != null && !Files.isRegularFile(passphraseFile)) {
      throw new UserException(passphraseFile + ": no such passphrase file");
    }
    List<PeerAddress> extra = new ArrayList<>();
    for (String s : seeds) {
      try {
        extra.add(PeerAddress.parse("--seeds", s));
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage(), e);
      }
    }
    return run(Output.of(spec), file, passphraseFile, extra, stateSync);
  }

  /** Runs the node of {@code config} (see {@link #run(Output, Path, Path, List, boolean)}). */
  public static int run(Output out, Path config) throws Exception {
    return run(out, config, null, List.of(), false);
  }

  /**
   * Runs the node of {@code config} (its key's passphrase from {@code passphraseFile} when not
   * null) until the process is stopped (SIGINT/SIGTERM close it cleanly) or its consensus halts;
   * returns the exit code. {@code stateSync} switches state sync on (the config may already).
   */
  public static int run(
      Output out, Path config, Path passphraseFile, List<PeerAddress> seeds, boolean stateSync)
      throws Exception {
    RpcNode node;
    try {
      NodeConfig c = NodeConfig.read(config).withSeeds(seeds);
      if (stateSync) {
        c = c.withStateSync(true);
      }
      node = RpcNode.open(passphraseFile == null ? c : c.withKeyPassphraseFile(passphraseFile));
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

package network.pot.cli.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import network.pot.base.crypto.KeyPair;
import network.pot.base.io.AtomicFiles;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.Keystore;
import network.pot.chain.crypto.RevealChain;
import network.pot.chain.tx.Transaction;
import network.pot.cli.keys.Passphrase;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.node.Node;
import network.pot.node.NodeConfig;
import network.pot.p2p.peer.PeerAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pot init}: a node's home directory, with its key, config and data directory. */
@Command(
    name = "init",
    header = "Create a node's home: an encrypted key, a config file and a data directory.",
    mixinStandardHelpOptions = true,
    description = {
      "Writes HOME/node.key (scrypt + AES-GCM, readable by its owner only), HOME/config.toml",
      "(see NodeConfig; it expects the network's genesis file at HOME/genesis.json) and",
      "HOME/data. Prints the account address and the p2p node id (with --json as one JSON object",
      "with home, moniker, chain_id, address, public_key, reveal_anchor, node_id, p2p and",
      "rpc). Refuses a HOME that holds a config or key already. Next: the genesis ceremony",
      "(pot genesis) or a network's genesis file, then pot node --home HOME. The public key and",
      "reveal anchor are what pot stake create-validator --consensus-key and --reveal-anchor",
      "take when this node signs for a validator whose account key stays elsewhere."
    })
public final class InitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--home", required = true, paramLabel = "DIR", description = "Node home.")
  Path home;

  @Option(
      names = "--moniker",
      required = true,
      paramLabel = "NAME",
      description = "The node's name, for people (1 to 64 characters).")
  String moniker;

  @Option(
      names = "--chain-id",
      required = true,
      paramLabel = "ID",
      description = "The network the node is for.")
  String chainId;

  @Option(
      names = "--listen",
      defaultValue = "0.0.0.0:26656",
      paramLabel = "HOST:PORT",
      description = "p2p listening address (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--rpc",
      defaultValue = "127.0.0.1:8545",
      paramLabel = "HOST:PORT",
      description = "JSON-RPC listening address, \"\" for none (default: ${DEFAULT-VALUE}).")
  String rpc;

  @Option(
      names = "--peers",
      split = ",",
      paramLabel = "[ID@]HOST:PORT",
      description =
          "Peers the node keeps connected (comma-separated); with ID, the peer must prove"
              + " that node id.")
  List<String> peers = List.of();

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Mixin Passphrase passphrase = new Passphrase();

  @Override
  public Integer call() throws IOException {
    if (moniker.isBlank() || moniker.length() > 64 || moniker.contains("\n")) {
      throw new UserException("--moniker must be 1 to 64 characters on one line");
    }
    checkChainId(chainId);
    NodeConfig.address("--listen", listen);
    if (!rpc.isEmpty()) {
      NodeConfig.address("--rpc", rpc);
    }
    for (String p : peers) {
      PeerAddress.parse("--peers", p);
    }
    Path config = home.resolve("config.toml");
    Path keyFile = home.resolve("node.key");
    if (Files.exists(config) || Files.exists(keyFile)) {
      throw new UserException(home + ": already initialized (config.toml or node.key exists)");
    }
    char[] pass = passphrase.read(true);
    Files.createDirectories(home.resolve("data"));
    KeyPair key = KeyPair.generate();
    Keystore.write(keyFile, key, pass, Keystore.ScryptParams.DEFAULT);
    AtomicFiles.write(config, toml().getBytes(StandardCharsets.UTF_8));

    ObjectNode o = Json.object();
    o.put("home", home.toString())
        .put("moniker", moniker)
        .put("chain_id", chainId)
        .put("address", Address.of(key).toString())
        .put("public_key", key.publicKey().toHex())
        .put("reveal_anchor", RevealChain.of(key).anchor().toHex())
        .put("node_id", Node.nodeId(key))
        .put("p2p", listen)
        .put("rpc", rpc);
    String human =
        "initialized "
            + home
            + "\naddress    "
            + o.path("address").asText()
            + "\nnode id    "
            + o.path("node_id").asText()
            + "\nnext: put the network's genesis file at "
            + home.resolve("genesis.json")
            + " (or run the genesis ceremony: pot genesis --help), then pot node --home "
            + home;
    return Output.of(spec).answer(o, json, human, ExitCodes.OK);
  }

  /** A chain id as transactions carry it: 1 to {@link Transaction#MAX_CHAIN_ID} UTF-8 bytes. */
  public static void checkChainId(String chainId) {
    int n = chainId.getBytes(StandardCharsets.UTF_8).length;
    if (chainId.isBlank() || n > Transaction.MAX_CHAIN_ID) {
      throw new UserException(
          "--chain-id must be 1 to " + Transaction.MAX_CHAIN_ID + " bytes, not " + n);
    }
  }

  /** The config: paths relative to the home, the passphrase from the environment or the flag. */
  private String toml() {
    StringBuilder p = new StringBuilder();
    for (String peer : peers) {
      p.append(p.length() == 0 ? "" : ", ").append(Json.write(peer));
    }
    return "# "
        + moniker.replace('\n', ' ')
        + " on "
        + chainId
        + " (pot init)\n"
        + "# the key's passphrase: pot node --passphrase-file F, or POT_KEY_PASSPHRASE\n"
        + "data_dir = \"data\"\n"
        + "genesis = \"genesis.json\"\n"
        + "key = \"node.key\"\n"
        + "\n[p2p]\n"
        + "listen = "
        + Json.write(listen)
        + "\npeers = ["
        + p
        + "]\n"
        + "\n[rpc]\n"
        + "listen = "
        + Json.write(rpc)
        + "\n";
  }
}

package network.pot.cli.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import network.pot.base.crypto.KeyPair;
import network.pot.base.io.AtomicFiles;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.Keystore;
import network.pot.chain.crypto.RevealChain;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.Params;
import network.pot.node.GenesisFile;

/**
 * The files of a local network in one directory: {@code devnet.json} (roles, addresses, ports),
 * {@code genesis.json}, and per node a directory with its keystore, passphrase and TOML config.
 * Client accounts (publisher, data provider) keep their keystores at the top, and so does a funded
 * account for the user's own transactions ({@code user.key}, passphrase in {@code user.pass}).
 * Written once; a later run with the same directory reads it back and resumes the same chain.
 */
public record DevnetLayout(
    Path dir, String chainId, List<Member> nodes, KeyPair publisher, KeyPair provider) {
  private static final String PASSPHRASE = "devnet";
  private static final String USER_KEY = "user.key";
  private static final String USER_PASSPHRASE = "user.pass";
  private static final String ENV_FILE = "env.sh";

  /** What genesis gives the user's account. */
  public static final long USER_FUNDS = 1_000_000_000L;

  private static final Keystore.ScryptParams FAST = new Keystore.ScryptParams(1 << 12, 8, 1);

  /** One node of the devnet. */
  public record Member(String name, String role, KeyPair key, int p2pPort, int rpcPort) {
    public boolean validator() {
      return role.equals("validator");
    }

    public String rpc() {
      return "127.0.0.1:" + rpcPort;
    }
  }

  /**
   * Devnet parameters: short epochs, a verification window that fits small tasks, and unbonding,
   * deposit and voting periods a person can wait out while trying the commands (30 to 80 blocks, a
   * minute or less; the voting period leaves room for votes sent one command at a time on a loaded
   * machine; evidence ages out with the unbonding period).
   */
  public static Params params() {
    return Params.DEFAULT
        .with("verificationWindow", 30)
        .with("epochLength", 10)
        .with("evidenceMaxAge", 30)
        .with("unbondingPeriod", 30)
        .with("depositPeriod", 40)
        .with("votingPeriod", 80);
  }

  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve("devnet.json"));
  }

  /**
   * Creates the files of a new devnet with {@code validators} validators and {@code miners} miners.
   */
  public static DevnetLayout create(
      Path dir, int validators, int miners, List<Path> datasets, Params params) throws IOException {
    return create(dir, validators, miners, datasets, params, List.of());
  }

  /**
   * Creates the files of a new devnet whose genesis also funds {@code extra} accounts (the load
   * generator's senders, for example).
   */
  public static DevnetLayout create(
      Path dir,
      int validators,
      int miners,
      List<Path> datasets,
      Params params,
      List<Genesis.Allocation> extra)
      throws IOException {
    Files.createDirectories(dir);
    List<Member> nodes = new ArrayList<>();
    // every port of the devnet at once: distinct, and reserved against other devnets (DevnetPorts)
    List<Integer> ports = DevnetPorts.allocate(2 * (validators + miners));
    for (int i = 0; i < validators + miners; i++) {
      boolean v = i < validators;
      String name = v ? "validator-" + i : "miner-" + (i - validators);
      nodes.add(
          new Member(
              name,
              v ? "validator" : "miner",
              KeyPair.generate(),
              ports.get(2 * i),
              ports.get(2 * i + 1)));
    }
    KeyPair publisher = KeyPair.generate();
    KeyPair provider = KeyPair.generate();
    KeyPair user = KeyPair.generate();
    String chainId = "pot-devnet";
    List<Genesis.Allocation> accounts = new ArrayList<>();
    List<Genesis.InitialValidator> vs = new ArrayList<>();
    for (Member m : nodes) {
      accounts.add(new Genesis.Allocation(Address.of(m.key()), 10_000_000L));
      if (m.validator()) {
        vs.add(
            new Genesis.InitialValidator(
                m.key().publicKey(), 1_000_000L, 1_000, RevealChain.of(m.key()).anchor()));
      }
    }
    accounts.add(new Genesis.Allocation(Address.of(publisher), 1_000_000_000L));
    accounts.add(new Genesis.Allocation(Address.of(provider), 1_000_000L));
    accounts.add(new Genesis.Allocation(Address.of(user), USER_FUNDS));
    accounts.addAll(extra);
    Genesis g = new Genesis(chainId, System.currentTimeMillis(), accounts, vs, params);
    Files.writeString(dir.resolve("genesis.json"), GenesisFile.write(g));
    Keystore.write(dir.resolve("publisher.key"), publisher, PASSPHRASE.toCharArray(), FAST);
    Keystore.write(dir.resolve("provider.key"), provider, PASSPHRASE.toCharArray(), FAST);
    Keystore.write(dir.resolve(USER_KEY), user, PASSPHRASE.toCharArray(), FAST);
    AtomicFiles.writePrivate(
        dir.resolve(USER_PASSPHRASE), (PASSPHRASE + "\n").getBytes(StandardCharsets.UTF_8));
    ObjectNode root = Json.object().put("chain_id", chainId);
    ArrayNode arr = root.putArray("nodes");
    for (int i = 0; i < nodes.size(); i++) {
      Member m = nodes.get(i);
      Path nd = Files.createDirectories(dir.resolve(m.name()));
      Keystore.write(nd.resolve("node.key"), m.key(), PASSPHRASE.toCharArray(), FAST);
      AtomicFiles.writePrivate(
          nd.resolve("passphrase"), (PASSPHRASE + "\n").getBytes(StandardCharsets.UTF_8));
      List<Integer> peers = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        peers.add(nodes.get(j).p2pPort());
      }
      // only the first node holds the data on disk (it serves the data provider); every other
      // node fetches a dataset from its peers, hash-checked, the first time a task needs it
      String toml =
          nodeToml(
              m.name() + " of the local devnet",
              "node.key",
              "passphrase",
              m.p2pPort(),
              m.rpcPort(),
              peers,
              i == 0 ? datasets : List.of(),
              m.validator());
      Files.writeString(nd.resolve("node.toml"), toml);
      arr.addObject()
          .put("name", m.name())
          .put("role", m.role())
          .put("address", Address.of(m.key()).toString())
          .put("p2p_port", m.p2pPort())
          .put("rpc_port", m.rpcPort());
    }
    Files.writeString(
        dir.resolve("devnet.json"),
        Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    return new DevnetLayout(dir, chainId, nodes, publisher, provider);
  }

  /**
   * A node's TOML config: its data directory beside the config, the devnet's genesis one level up,
   * the key and passphrase files as given (relative to the config's directory, or absolute),
   * listening on loopback at the two ports, dialling the peers' p2p ports; a validator verifies,
   * any other node mines.
   */
  private static String nodeToml(
      String comment,
      String key,
      String passphraseFile,
      int p2pPort,
      int rpcPort,
      List<Integer> peers,
      List<Path> datasets,
      boolean validator) {
    StringBuilder peerList = new StringBuilder();
    for (int port : peers) {
      peerList
          .append(peerList.length() == 0 ? "" : ", ")
          .append("\"127.0.0.1:")
          .append(port)
          .append('"');
    }
    StringBuilder ds = new StringBuilder();
    for (Path d : datasets) {
      ds.append(ds.length() == 0 ? "" : ", ").append(Json.write(d.toAbsolutePath().toString()));
    }
    return "# "
        + comment
        + "\n"
        + "data_dir = \"data\"\n"
        + "genesis = \"../genesis.json\"\n"
        + "key = "
        + Json.write(key)
        + "\nkey_passphrase_file = "
        + Json.write(passphraseFile)
        + "\ndatasets = ["
        + ds
        + "]\n\n"
        + "[p2p]\nlisten = \"127.0.0.1:"
        + p2pPort
        + "\"\npeers = ["
        + peerList
        + "]\n"
        // every devnet node dials from 127.0.0.1: one address holds them all (and joined nodes)
        + "max_inbound = 256\nmax_inbound_per_ip = 256\nmax_inbound_per_subnet = 256\n\n"
        // a snapshot every 100 blocks (30 s): a node that joins late restores it (--state-sync)
        + "[state_sync]\nsnapshot_interval = 100\n\n"
        + "[rpc]\nlisten = \"127.0.0.1:"
        + rpcPort
        + "\"\n\n"
        + "[consensus]\npropose_timeout_ms = 2000\nblock_interval_ms = 300\n\n"
        + "[miner]\nenabled = "
        + !validator
        + "\nthreads = 1\n\n"
        + "[verifier]\nenabled = "
        + validator
        + "\nthreads = 1\n";
  }

  /** A node a user runs on the devnet with their own key ({@code pot devnet join}). */
  public record Joined(Path config, String rpc) {}

  /**
   * The config of the user's node {@code name} signing with {@code key}: written on the first call
   * (fresh ports, every devnet node as a peer), read back afterwards. The node runs as a validator
   * (it verifies training once its account is an active validator).
   *
   * @throws IllegalArgumentException when {@code name} is a devnet node's, or an earlier join under
   *     that name used another key
   */
  public Joined join(String name, Path key, Path passphraseFile, KeyPair keyPair)
      throws IOException {
    for (Member m : nodes) {
      if (m.name().equals(name)) {
        throw new IllegalArgumentException(name + " is one of the devnet's own nodes");
      }
    }
    Path nd = dir.resolve(name);
    Path config = nd.resolve("node.toml");
    String address = Address.of(keyPair).toString();
    if (Files.isRegularFile(config)) {
      String text = Files.readString(config);
      if (!text.startsWith("# " + address + " ")) {
        throw new IllegalArgumentException(
            "node " + name + " in " + dir + " signs with another key; choose another --name");
      }
      java.util.regex.Matcher rpc =
          java.util.regex.Pattern.compile("\\[rpc\\]\\nlisten = \"([^\"]+)\"").matcher(text);
      if (!rpc.find()) {
        throw new IOException(config + ": no [rpc] listen address");
      }
      return new Joined(config, rpc.group(1));
    }
    Files.createDirectories(nd);
    List<Integer> peers = nodes.stream().map(Member::p2pPort).toList();
    List<Integer> ports = DevnetPorts.allocate(2);
    int rpcPort = ports.get(1);
    String toml =
        nodeToml(
            address + " runs this node of the local devnet",
            key.toAbsolutePath().toString(),
            passphraseFile.toAbsolutePath().toString(),
            ports.get(0),
            rpcPort,
            peers,
            List.of(),
            true);
    AtomicFiles.write(config, toml.getBytes(StandardCharsets.UTF_8));
    return new Joined(config, "127.0.0.1:" + rpcPort);
  }

  /** Reads the files {@link #create} wrote. */
  public static DevnetLayout read(Path dir) throws IOException {
    JsonNode root = Json.read(Files.readString(dir.resolve("devnet.json")));
    List<Member> nodes = new ArrayList<>();
    for (JsonNode n : root.path("nodes")) {
      String name = n.path("name").asText();
      KeyPair k = Keystore.read(dir.resolve(name).resolve("node.key"), PASSPHRASE.toCharArray());
      nodes.add(
          new Member(
              name,
              n.path("role").asText(),
              k,
              n.path("p2p_port").asInt(),
              n.path("rpc_port").asInt()));
    }
    return new DevnetLayout(
        dir,
        root.path("chain_id").asText(),
        nodes,
        Keystore.read(dir.resolve("publisher.key"), PASSPHRASE.toCharArray()),
        Keystore.read(dir.resolve("provider.key"), PASSPHRASE.toCharArray()));
  }

  public Path config(Member m) {
    return dir.resolve(m.name()).resolve("node.toml");
  }

  /** The key file of the funded user account (absent in devnets made before it existed). */
  public Path userKey() {
    return dir.resolve(USER_KEY);
  }

  /** The passphrase file of {@link #userKey}. */
  public Path userPassphrase() {
    return dir.resolve(USER_PASSPHRASE);
  }

  /**
   * Writes {@code env.sh}: sourced in a shell, it points {@code POT_NODE} at the first node and
   * {@code POT_KEY} and {@code POT_PASSPHRASE_FILE} at the funded user account, so that commands
   * need no {@code --node}, {@code --key} or {@code --passphrase-file}.
   */
  public Path writeEnv() throws IOException {
    Path env = dir.resolve(ENV_FILE);
    String text =
        "# source this file to use the devnet's first node and its funded account\n"
            + "export POT_NODE=http://"
            + nodes.get(0).rpc()
            + "\nexport POT_KEY="
            + shellQuote(userKey().toAbsolutePath().toString())
            + "\nexport POT_PASSPHRASE_FILE="
            + shellQuote(userPassphrase().toAbsolutePath().toString())
            + "\n";
    AtomicFiles.write(env, text.getBytes(StandardCharsets.UTF_8));
    return env;
  }

  private static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  public Path log(Member m) {
    return dir.resolve(m.name()).resolve("node.log");
  }
}

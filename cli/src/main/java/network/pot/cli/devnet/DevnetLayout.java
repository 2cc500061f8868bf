package network.pot.cli.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
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

  /** Devnet parameters: short epochs and a verification window that fits small tasks. */
  public static Params params() {
    return Params.DEFAULT.with("verificationWindow", 30).with("epochLength", 10);
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
    for (int i = 0; i < validators + miners; i++) {
      boolean v = i < validators;
      String name = v ? "validator-" + i : "miner-" + (i - validators);
      nodes.add(
          new Member(name, v ? "validator" : "miner", KeyPair.generate(), freePort(), freePort()));
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
        vs.add(new Genesis.InitialValidator(m.key().publicKey(), 1_000_000L, 1_000));
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
      StringBuilder peers = new StringBuilder();
      for (int j = 0; j < i; j++) {
        peers
            .append(j == 0 ? "" : ", ")
            .append("\"127.0.0.1:")
            .append(nodes.get(j).p2pPort())
            .append('"');
      }
      // only the first node holds the data on disk (it serves the data provider); every other
      // node fetches a dataset from its peers, hash-checked, the first time a task needs it
      StringBuilder ds = new StringBuilder();
      for (int j = 0; i == 0 && j < datasets.size(); j++) {
        ds.append(j == 0 ? "" : ", ")
            .append(Json.write(datasets.get(j).toAbsolutePath().toString()));
      }
      String toml =
          "# "
              + m.name()
              + " of the local devnet\n"
              + "data_dir = \"data\"\n"
              + "genesis = \"../genesis.json\"\n"
              + "key = \"node.key\"\n"
              + "key_passphrase_file = \"passphrase\"\n"
              + "datasets = ["
              + ds
              + "]\n\n"
              + "[p2p]\nlisten = \"127.0.0.1:"
              + m.p2pPort()
              + "\"\npeers = ["
              + peers
              + "]\n\n"
              + "[rpc]\nlisten = \"127.0.0.1:"
              + m.rpcPort()
              + "\"\n\n"
              + "[consensus]\npropose_timeout_ms = 2000\nblock_interval_ms = 300\n\n"
              + "[miner]\nenabled = "
              + !m.validator()
              + "\nthreads = 1\n\n"
              + "[verifier]\nenabled = "
              + m.validator()
              + "\nthreads = 1\n";
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

  public Path log(Member m) {
    return dir.resolve(m.name()).resolve("node.log");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

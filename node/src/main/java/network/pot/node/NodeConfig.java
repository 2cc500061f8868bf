package network.pot.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import network.pot.node.storage.BlobKind;
import network.pot.node.storage.Pruning;
import network.pot.node.storage.RetentionPolicy;
import network.pot.node.storage.StorageConfig;
import network.pot.node.work.MinerPolicy;
import network.pot.p2p.peer.PeerAddress;
import network.pot.proof.collab.Simulation;

/**
 * A node's configuration: one TOML file, every value with its default, relative paths resolved
 * against the file's directory. Unknown keys are an error (a typo must not silently fall back to a
 * default). The {@code [rpc]} table is for whatever serves the node's API (the rpc module's {@code
 * RpcNode}); the node itself opens no API port.
 *
 * <pre>{@code
 * data_dir = "data"                   # RocksDB stores, vote log, blobs, proofs
 * genesis = "genesis.json"
 * key = "node.key"                    # keystore (scrypt + AES-GCM) of the node's Ed25519 key
 * key_passphrase_file = "passphrase"  # or the environment variable POT_KEY_PASSPHRASE
 * datasets = ["/usr/share/datasets/fashion-mnist"]   # local data the node serves, trains, verifies on
 *                                     # (a task's dataset not listed is fetched from peers into
 *                                     # data_dir/datasets/ and kept)
 *
 * [p2p]
 * listen = "127.0.0.1:26656"          # "0.0.0.0:26656" to accept peers from other hosts
 * advertise_port = 0                  # the port peers dial back, when a NAT forwards another
 *                                     # (0: the listen port; the host is what peers see)
 * peers = ["ID@10.0.0.2:26656"]       # persistent peers, redialed when lost ("ID@" optional:
 *                                     # with it the peer must prove that node id)
 * seeds = ["ID@seed.example:26656"]   # dialed at start and whenever no peer is connected, to
 *                                     # learn the network by peer exchange
 * peer_exchange = true                # ask peers for addresses and answer them
 * target_peers = 16                   # dial addresses from the book until this many peers
 * max_inbound = 40                    # connections other nodes open (persistent ones on top)
 * max_outbound = 16                   # connections this node opens (persistent ones on top)
 * max_inbound_per_ip = 8              # inbound from one IP address
 * max_inbound_per_subnet = 16         # inbound from one IPv4 /24 or IPv6 /64
 * relay_consensus = true              # pass on consensus messages, so validators need no full
 *                                     # mesh (false saves bandwidth where they have one)
 *
 * [rpc]
 * listen = "127.0.0.1:8545"           # JSON-RPC 2.0 over HTTP; "" disables it
 *
 * [consensus]
 * propose_timeout_ms = 1500
 * block_interval_ms = 250
 *
 * [miner]
 * enabled = false
 * threads = 1
 * # the tasks the miner takes (MinerPolicy): it enrolls in no task beyond these limits
 * max_steps = 100000                  # training steps of a task
 * max_deadline_blocks = 20000         # blocks from now to a task's deadline (its bond is locked
 *                                     # until then, and the verification window after it)
 * max_model_params = 10000000         # trainable parameters of a task's model
 * max_proof_bytes = 4294967296        # disk budget of a proof's checkpoints (every m-th is kept)
 * max_concurrent_tasks = 1            # tasks enrolled in and not yet committed at once
 * max_bond = 1000000                  # bond put up for one task
 *
 * [verifier]
 * enabled = true
 * threads = 1
 *
 * [watcher]                           # re-checks proofs on chain with random segments of its own
 * enabled = true                      # default: as [verifier] enabled
 * samples = 2                         # random middle segments re-executed per proof
 * proofs_per_pass = 2                 # proofs checked per block at most
 *
 * [state_sync]                        # see docs/operators.md
 * enable = false                      # an empty node restores a peer's snapshot (--state-sync)
 * snapshot_interval = 1000            # blocks between snapshots for others (a multiple of the
 *                                     # epoch length); 0: none
 * snapshots_kept = 2
 *
 * [faults]                            # fault injection, for tests and rehearsals only
 * double_sign = false                 # the validator signs two blocks at one height
 * fabricate_proof = false             # the miner commits a proof of work it did not do
 * collab_update = "honest"            # a collaborative miner's updates: honest, garbage_update,
 *                                     # other_data, replayed_update or wrong_lr
 *
 * [storage]                           # see docs/storage.md
 * gc_interval_blocks = 100            # blocks between background collections; 0: on demand and
 *                                     # at the watermark only
 * min_free_bytes = 1073741824         # below this free space: no new tasks or datasets; 0: off
 * pruning = "default"                 # block history: "nothing" (archive), "default" (the last
 *                                     # keep_recent_blocks), "everything" (only what the protocol
 *                                     # needs: evidence age, snapshots offered, open tasks)
 * keep_recent_blocks = 362880
 *
 * [storage.retention]                 # each kind "needed" (what the protocol needs) or "forever"
 * specs = "needed"
 * checkpoints = "needed"              # until the task's fraud-proof window has closed
 * transcripts = "needed"
 * datasets = "needed"                 # while a task that uses it is in its window
 * models = "needed"                   # a winning model while pinned
 * other = "forever"                   # artifacts the chain does not name (work in progress)
 * pin_own_models = true               # pin the winning model of tasks published or mined here
 * margin_blocks = 0                   # blocks kept beyond the fraud-proof window
 * }</pre>
 */
public record NodeConfig(
    Path file,
    Path dataDir,
    Path genesis,
    Path key,
    Path keyPassphraseFile,
    List<Path> datasets,
    InetSocketAddress p2pListen,
    List<PeerAddress> peers,
    P2pOptions p2p,
    InetSocketAddress rpcListen,
    long proposeTimeoutMs,
    long blockIntervalMs,
    boolean miner,
    int minerThreads,
    MinerPolicy minerPolicy,
    boolean verifier,
    int verifierThreads,
    Faults faults,
    Watcher watcher,
    StorageConfig storage) {

  /**
   * Fault injection for tests and incident rehearsals (a {@code [faults]} table; all off by
   * default): a validator that double-signs ({@code double_sign}), a miner that commits a proof of
   * precomputed work ({@code fabricate_proof}), a collaborative miner whose updates deviate as
   * {@code collab_update} says ({@code "honest"}, {@code "garbage_update"}, {@code "other_data"},
   * {@code "replayed_update"} or {@code "wrong_lr"}; see {@link Simulation.Behaviour}).
   */
  public record Faults(
      boolean doubleSign, boolean fabricateProof, Simulation.Behaviour collabUpdate) {
    public static final Faults NONE = new Faults(false, false, Simulation.Behaviour.HONEST);

    public Faults {
      Objects.requireNonNull(collabUpdate, "collabUpdate");
    }
  }

  /**
   * The rest of {@code [p2p]}: seeds, the advertised port, peer exchange and the connection limits
   * ({@link network.pot.p2p.P2pConfig}), and {@code [state_sync]}.
   */
  public record P2pOptions(
      List<PeerAddress> seeds,
      int advertisePort,
      boolean peerExchange,
      int targetPeers,
      int maxInbound,
      int maxOutbound,
      int maxInboundPerIp,
      int maxInboundPerSubnet,
      boolean relayConsensus,
      StateSync stateSync) {
    public P2pOptions {
      seeds = List.copyOf(seeds);
    }

    /** These options with state sync on start switched on or off. */
    public P2pOptions withStateSync(boolean on) {
      return with(
          seeds, new StateSync(on, stateSync.snapshotInterval(), stateSync.snapshotsKept()));
    }

    /** These options with {@code more} seeds after the configured ones. */
    public P2pOptions withSeeds(List<PeerAddress> more) {
      List<PeerAddress> all = new ArrayList<>(seeds);
      all.addAll(more);
      return with(all, stateSync);
    }

    private P2pOptions with(List<PeerAddress> newSeeds, StateSync newStateSync) {
      return new P2pOptions(
          newSeeds,
          advertisePort,
          peerExchange,
          targetPeers,
          maxInbound,
          maxOutbound,
          maxInboundPerIp,
          maxInboundPerSubnet,
          relayConsensus,
          newStateSync);
    }
  }

  /**
   * {@code [state_sync]}: whether a node with an empty store restores a peer's snapshot on start
   * instead of replaying every block (key "enable = true", or {@code pot node --state-sync}), every
   * how many blocks this node takes a snapshot for others ({@code snapshot_interval}, a multiple of
   * the epoch length; 0 takes none) and how many it keeps ({@code snapshots_kept}).
   */
  public record StateSync(boolean enabled, long snapshotInterval, int snapshotsKept) {
    public StateSync {
      if (snapshotInterval < 0 || snapshotsKept < 1) {
        throw new IllegalArgumentException(
            "state_sync.snapshot_interval must be >= 0 and state_sync.snapshots_kept >= 1");
      }
    }
  }

  /**
   * The watcher ({@code [watcher]}): whether it runs, how many random middle segments it
   * re-executes per proof, and how many proofs it checks per block at most.
   */
  public record Watcher(boolean enabled, int samples, int proofsPerPass) {}

  private static final TomlMapper TOML = new TomlMapper();

  private static final Set<String> MINER =
      Set.of(
          "enabled",
          "threads",
          "max_steps",
          "max_deadline_blocks",
          "max_model_params",
          "max_proof_bytes",
          "max_concurrent_tasks",
          "max_bond");

  private static final Set<String> P2P =
      Set.of(
          "listen",
          "advertise_port",
          "peers",
          "seeds",
          "peer_exchange",
          "target_peers",
          "max_inbound",
          "max_outbound",
          "max_inbound_per_ip",
          "max_inbound_per_subnet",
          "relay_consensus");

  private static final Set<String> TOP =
      Set.of(
          "data_dir",
          "genesis",
          "key",
          "key_passphrase_file",
          "datasets",
          "p2p",
          "rpc",
          "consensus",
          "miner",
          "verifier",
          "watcher",
          "faults",
          "storage",
          "state_sync");

  private static final Set<String> STATE_SYNC =
      Set.of("enable", "snapshot_interval", "snapshots_kept");

  private static final Set<String> STORAGE =
      Set.of("gc_interval_blocks", "min_free_bytes", "retention", "pruning", "keep_recent_blocks");

  private static final Set<String> RETENTION =
      Set.of(
          "specs",
          "checkpoints",
          "transcripts",
          "datasets",
          "models",
          "other",
          "pin_own_models",
          "margin_blocks");

  public NodeConfig {
    datasets = List.copyOf(datasets);
    peers = List.copyOf(peers);
  }

  /** This config with the key's passphrase read from {@code file}. */
  public NodeConfig withKeyPassphraseFile(Path file) {
    return with(file, p2p);
  }

  /** This config with state sync on start switched on (or off). */
  public NodeConfig withStateSync(boolean on) {
    return with(keyPassphraseFile, p2p.withStateSync(on));
  }

  /** This config with {@code more} seeds after the configured ones. */
  public NodeConfig withSeeds(List<PeerAddress> more) {
    return with(keyPassphraseFile, p2p.withSeeds(more));
  }

  private NodeConfig with(Path passphraseFile, P2pOptions p2pOptions) {
    return new NodeConfig(
        this.file,
        dataDir,
        genesis,
        key,
        passphraseFile,
        datasets,
        p2pListen,
        peers,
        p2pOptions,
        rpcListen,
        proposeTimeoutMs,
        blockIntervalMs,
        miner,
        minerThreads,
        minerPolicy,
        verifier,
        verifierThreads,
        faults,
        watcher,
        storage);
  }

  /** Reads a config file; a bad value fails with the key and the reason. */
  public static NodeConfig read(Path file) throws IOException {
    JsonNode root;
    try {
      root = TOML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IOException("cannot read config " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(file.toAbsolutePath(), root);
    } catch (IllegalArgumentException e) {
      throw new IOException("bad config " + file + ": " + e.getMessage(), e);
    }
  }

  private static NodeConfig parse(Path file, JsonNode root) {
    Path base = file.getParent();
    checkKeys(root, "", TOP);
    checkKeys(root.path("miner"), "miner.", MINER);
    checkKeys(root.path("p2p"), "p2p.", P2P);
    checkKeys(root.path("state_sync"), "state_sync.", STATE_SYNC);
    List<Path> datasets = new ArrayList<>();
    for (JsonNode d : root.path("datasets")) {
      datasets.add(base.resolve(d.asText()));
    }
    JsonNode net = root.path("p2p");
    List<PeerAddress> peers = new ArrayList<>();
    for (JsonNode p : net.path("peers")) {
      peers.add(PeerAddress.parse("p2p.peers", p.asText()));
    }
    List<PeerAddress> seeds = new ArrayList<>();
    for (JsonNode p : net.path("seeds")) {
      seeds.add(PeerAddress.parse("p2p.seeds", p.asText()));
    }
    long perIp = positive("p2p.max_inbound_per_ip", net.path("max_inbound_per_ip").asLong(8));
    long perSubnet =
        positive("p2p.max_inbound_per_subnet", net.path("max_inbound_per_subnet").asLong(16));
    if (perSubnet < perIp) {
      throw new IllegalArgumentException(
          "p2p.max_inbound_per_subnet must be at least p2p.max_inbound_per_ip");
    }
    long advertise = nonNegative("p2p.advertise_port", net.path("advertise_port").asLong(0));
    if (advertise > 65535) {
      throw new IllegalArgumentException("p2p.advertise_port: bad port " + advertise);
    }
    P2pOptions p2p =
        new P2pOptions(
            seeds,
            (int) advertise,
            net.path("peer_exchange").asBoolean(true),
            small(
                "p2p.target_peers",
                positive("p2p.target_peers", net.path("target_peers").asLong(16))),
            small(
                "p2p.max_inbound",
                nonNegative("p2p.max_inbound", net.path("max_inbound").asLong(40))),
            small(
                "p2p.max_outbound",
                nonNegative("p2p.max_outbound", net.path("max_outbound").asLong(16))),
            small("p2p.max_inbound_per_ip", perIp),
            small("p2p.max_inbound_per_subnet", perSubnet),
            net.path("relay_consensus").asBoolean(true),
            new StateSync(
                root.path("state_sync").path("enable").asBoolean(false),
                nonNegative(
                    "state_sync.snapshot_interval",
                    root.path("state_sync").path("snapshot_interval").asLong(1000)),
                small(
                    "state_sync.snapshots_kept",
                    positive(
                        "state_sync.snapshots_kept",
                        root.path("state_sync").path("snapshots_kept").asLong(2)))));
    String rpc = root.path("rpc").path("listen").asText("127.0.0.1:8545");
    boolean verifier = root.path("verifier").path("enabled").asBoolean(true);
    JsonNode w = root.path("watcher");
    String pass = root.path("key_passphrase_file").asText("");
    return new NodeConfig(
        file,
        base.resolve(root.path("data_dir").asText("data")),
        base.resolve(root.path("genesis").asText("genesis.json")),
        base.resolve(root.path("key").asText("node.key")),
        pass.isEmpty() ? null : base.resolve(pass),
        datasets,
        address("p2p.listen", net.path("listen").asText("127.0.0.1:26656")),
        peers,
        p2p,
        rpc.isEmpty() ? null : address("rpc.listen", rpc),
        positive(
            "consensus.propose_timeout_ms",
            root.path("consensus").path("propose_timeout_ms").asLong(1500)),
        nonNegative(
            "consensus.block_interval_ms",
            root.path("consensus").path("block_interval_ms").asLong(250)),
        root.path("miner").path("enabled").asBoolean(false),
        (int) positive("miner.threads", root.path("miner").path("threads").asLong(1)),
        minerPolicy(root.path("miner")),
        verifier,
        (int) positive("verifier.threads", root.path("verifier").path("threads").asLong(1)),
        faults(root.path("faults")),
        new Watcher(
            w.path("enabled").asBoolean(verifier),
            (int) nonNegative("watcher.samples", w.path("samples").asLong(2)),
            (int) positive("watcher.proofs_per_pass", w.path("proofs_per_pass").asLong(2))),
        storage(root.path("storage")));
  }

  private static final Set<String> FAULTS =
      Set.of("double_sign", "fabricate_proof", "collab_update");

  /** The {@code [faults]} table. */
  private static Faults faults(JsonNode t) {
    checkKeys(t, "faults.", FAULTS);
    String update = t.path("collab_update").asText("honest");
    Simulation.Behaviour b = null;
    for (Simulation.Behaviour x : Simulation.Behaviour.values()) {
      if (x.name().toLowerCase(Locale.ROOT).equals(update)) {
        b = x;
      }
    }
    if (b == null) {
      throw new IllegalArgumentException(
          "faults.collab_update must be one of honest, garbage_update, other_data,"
              + " replayed_update, wrong_lr; got \""
              + update
              + "\"");
    }
    return new Faults(
        t.path("double_sign").asBoolean(false), t.path("fabricate_proof").asBoolean(false), b);
  }

  /** The {@code [storage]} table, each value defaulting to {@link StorageConfig#DEFAULT}'s. */
  private static StorageConfig storage(JsonNode t) {
    checkKeys(t, "storage.", STORAGE);
    JsonNode r = t.path("retention");
    checkKeys(r, "storage.retention.", RETENTION);
    StorageConfig d = StorageConfig.DEFAULT;
    Map<BlobKind, RetentionPolicy.Keep> keep = new EnumMap<>(BlobKind.class);
    for (BlobKind k : BlobKind.values()) {
      String key = k == BlobKind.OTHER ? "other" : k.label() + "s";
      keep.put(
          k,
          RetentionPolicy.Keep.parse(
              "storage.retention." + key,
              r.path(key).asText(d.retention().keep(k).name().toLowerCase(Locale.ROOT))));
    }
    return new StorageConfig(
        new RetentionPolicy(
            keep,
            r.path("pin_own_models").asBoolean(d.retention().pinOwnModels()),
            nonNegative(
                "storage.retention.margin_blocks",
                r.path("margin_blocks").asLong(d.retention().marginBlocks()))),
        nonNegative(
            "storage.gc_interval_blocks",
            t.path("gc_interval_blocks").asLong(d.gcIntervalBlocks())),
        nonNegative("storage.min_free_bytes", t.path("min_free_bytes").asLong(d.minFreeBytes())),
        new Pruning(
            Pruning.Mode.parse(
                "storage.pruning",
                t.path("pruning").asText(d.pruning().mode().name().toLowerCase(Locale.ROOT))),
            nonNegative(
                "storage.keep_recent_blocks",
                t.path("keep_recent_blocks").asLong(d.pruning().keepRecent()))));
  }

  private static void checkKeys(JsonNode table, String prefix, Set<String> known) {
    for (Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new IllegalArgumentException("unknown key '" + prefix + k + "'");
      }
    }
  }

  /** The {@code [miner]} table's limits, each defaulting to {@link MinerPolicy#DEFAULT}'s. */
  private static MinerPolicy minerPolicy(JsonNode miner) {
    MinerPolicy d = MinerPolicy.DEFAULT;
    return new MinerPolicy(
        positive("miner.max_steps", miner.path("max_steps").asLong(d.maxSteps())),
        positive(
            "miner.max_deadline_blocks",
            miner.path("max_deadline_blocks").asLong(d.maxDeadlineBlocks())),
        positive(
            "miner.max_model_params", miner.path("max_model_params").asLong(d.maxModelParams())),
        positive("miner.max_proof_bytes", miner.path("max_proof_bytes").asLong(d.maxProofBytes())),
        (int)
            Math.min(
                Integer.MAX_VALUE,
                positive(
                    "miner.max_concurrent_tasks",
                    miner.path("max_concurrent_tasks").asLong(d.maxConcurrentTasks()))),
        positive("miner.max_bond", miner.path("max_bond").asLong(d.maxBond())));
  }

  /** Parses {@code host:port}. */
  public static InetSocketAddress address(String key, String text) {
    return PeerAddress.hostPort(key, text);
  }

  private static int small(String key, long v) {
    if (v > 100_000) {
      throw new IllegalArgumentException(key + " is too large: " + v);
    }
    return (int) v;
  }

  private static long positive(String key, long v) {
    if (v < 1) {
      throw new IllegalArgumentException(key + " must be positive");
    }
    return v;
  }

  private static long nonNegative(String key, long v) {
    if (v < 0) {
      throw new IllegalArgumentException(key + " must not be negative");
    }
    return v;
  }
}

package network.pot.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.base.crypto.PublicKey;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.Keystore;
import network.pot.chain.crypto.RevealChain;
import network.pot.chain.state.Event;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.StateMachine;
import network.pot.chain.state.StateView;
import network.pot.chain.state.Task;
import network.pot.chain.store.ChainStore;
import network.pot.chain.store.RocksDbKeyValueStorage;
import network.pot.chain.tx.ConsensusVote;
import network.pot.chain.tx.Payload;
import network.pot.consensus.CommitCertificate;
import network.pot.consensus.ConsensusConfig;
import network.pot.consensus.ConsensusListener;
import network.pot.consensus.ConsensusNode;
import network.pot.consensus.Evidence;
import network.pot.consensus.Vote;
import network.pot.consensus.VoteType;
import network.pot.consensus.crypto.Ed25519Keys;
import network.pot.consensus.runtime.ConsensusService;
import network.pot.consensus.wal.FileVoteLog;
import network.pot.node.api.ArtifactStore;
import network.pot.node.api.ChainQuery;
import network.pot.node.api.DatasetStore;
import network.pot.node.api.TxSubmission;
import network.pot.node.ledger.BackgroundCollabChecker;
import network.pot.node.ledger.BackgroundFraudChecker;
import network.pot.node.ledger.LedgerApp;
import network.pot.node.ledger.Mempool;
import network.pot.node.ledger.NodeBlockStore;
import network.pot.node.ledger.ReexecutingFraudChecker;
import network.pot.node.ledger.TaskIndex;
import network.pot.node.metrics.NodeMetrics;
import network.pot.node.net.Artifacts;
import network.pot.node.net.ConsensusTransport;
import network.pot.node.net.Discovery;
import network.pot.node.net.Equivocator;
import network.pot.node.net.RangeSync;
import network.pot.node.net.StateSync;
import network.pot.node.net.TxGateway;
import network.pot.node.storage.BlockPruner;
import network.pot.node.storage.PinSet;
import network.pot.node.storage.RetentionPlan;
import network.pot.node.storage.Storage;
import network.pot.node.storage.StorageService;
import network.pot.node.work.AggregatingCollabChecker;
import network.pot.node.work.CollabWorker;
import network.pot.node.work.Datasets;
import network.pot.node.work.MinerWorker;
import network.pot.node.work.VerifierWorker;
import network.pot.node.work.WatcherWorker;
import network.pot.node.work.WorkerContext;
import network.pot.p2p.P2pConfig;
import network.pot.p2p.P2pNode;
import network.pot.p2p.PeerExchange;
import network.pot.p2p.crypto.NodeKey;
import network.pot.p2p.peer.PeerAddress;
import network.pot.p2p.time.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PoT node: the ledger (RocksDB) behind BFT consensus over authenticated p2p connections, a
 * mempool fed by clients and gossip, and the proof-of-training workers (a miner that trains the
 * tasks it can, a verifier that re-executes challenged segments when its validator sits on a
 * committee).
 *
 * <p>The runtime as a library: {@link #start(NodeConfig)} starts one and returns it as the handle
 * that {@link #close()} stops. What serves it to clients reads through {@link ChainQuery} (which
 * the node implements), submits through {@link #gateway()} and stores artifacts through {@link
 * #artifacts()}; the node itself runs no API server.
 *
 * <p>Startup order: storage, p2p handlers, listening socket, peers, replay of finalized blocks the
 * ledger had not applied (a fraud proof in one may need checkpoints from peers), consensus,
 * workers. {@link #close()} stops them in reverse; nothing finalized is lost at any point because
 * consensus writes a block to its own log before the ledger applies it, and every write is one
 * atomic batch.
 */
public final class Node implements ChainQuery, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  private static final Logger STATUS = LoggerFactory.getLogger("pot.status");

  /** Largest chain block (consensus payload) a node proposes or accepts. */
  public static final int MAX_PAYLOAD_BYTES = 2 << 20;

  /** Most fraud-proof checks waiting for the checker's thread. */
  private static final int MAX_PENDING_FRAUD_CHECKS = 64;

  private final NodeConfig config;
  private final String name;
  private final KeyPair key;
  private final Genesis genesis;
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
  private ChainStore chain;
  private NodeBlockStore blocks;
  private LedgerApp app;
  private BackgroundFraudChecker fraudChecks;
  private BackgroundCollabChecker collabChecks;
  private NodeMetrics metrics;
  private volatile long lastRound;
  private P2pNode p2p;
  private Artifacts artifacts;
  private Datasets datasets;
  private TxGateway gateway;
  private TaskIndex tasks;
  private StorageService storage;
  private volatile ConsensusService consensus;
  private RangeSync sync;
  private StateSync stateSync;
  private volatile StateSync.Restored restored;
  private Discovery discovery;
  private MinerWorker miner;
  private VerifierWorker verifier;
  private CollabWorker collab;
  private WatcherWorker watcher;
  private InetSocketAddress p2pAddress;

  private Node(NodeConfig config) throws IOException {
    this.config = config;
    this.genesis = GenesisFile.read(config.genesis());
    this.key = readKey(config);
    this.name = "node-" + Address.of(key).toString().substring(4, 12);
  }

  /**
   * A node of {@code config}, not started yet: its genesis and key are read (errors name the file),
   * nothing is opened. {@link #start()} starts it; {@link #close()} is safe at any point.
   */
  public static Node open(NodeConfig config) throws IOException {
    return new Node(config);
  }

  /**
   * Opens and starts a node; returns the running node, which {@link #close()} stops. When startup
   * fails, whatever was started is closed again before the error is thrown.
   */
  public static Node start(NodeConfig config) throws IOException {
    Node node = open(config);
    try {
      return node.start();
    } catch (IOException | RuntimeException e) {
      node.close();
      throw e;
    }
  }

  private static KeyPair readKey(NodeConfig config) throws IOException {
    String pass = System.getenv("POT_KEY_PASSPHRASE");
    if (config.keyPassphraseFile() != null) {
      pass = Files.readString(config.keyPassphraseFile()).strip();
    }
    if (pass == null) {
      throw new IOException(
          "no key passphrase: set key_passphrase_file in the config or POT_KEY_PASSPHRASE");
    }
    try {
      return Keystore.read(config.key(), pass.toCharArray());
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot open key " + config.key() + ": " + e.getMessage(), e);
    }
  }

  /** The node's metrics (null before {@link #start()}). */
  public NodeMetrics metrics() {
    return metrics;
  }

  private NodeMetrics.Source metricsSource() {
    return new NodeMetrics.Source() {
      @Override
      public long height() {
        return app.state().height();
      }

      @Override
      public long round() {
        ConsensusService c = consensus;
        if (c != null) {
          c.inspect(n -> lastRound = n.round()); // seen at the next scrape
        }
        return lastRound;
      }

      @Override
      public int peersIn() {
        return p2p.connectionCounts().inbound();
      }

      @Override
      public int peersOut() {
        return p2p.connectionCounts().outbound();
      }

      @Override
      public int mempoolTransactions() {
        return app.mempool().size();
      }

      @Override
      public long mempoolBytes() {
        return app.mempool().bytes();
      }

      @Override
      public int fraudChecksPending() {
        return fraudChecks.pending();
      }

      @Override
      public Map<String, Long> tasksByStatus() {
        LedgerState s = app.state();
        Map<String, Long> m = new HashMap<>();
        for (Hash id : tasks.ids()) {
          var t = s.task(id);
          if (t != null) {
            String k =
                !t.settled() ? "open" : t.winner() != null ? "settled" : "settled_without_winner";
            m.merge(k, 1L, Long::sum);
          }
        }
        return m;
      }

      @Override
      public Map<String, Long> workCounts() {
        return Node.this.workCounts();
      }

      @Override
      public RetentionPlan storagePlan() {
        return storage.lastPlan();
      }

      @Override
      public boolean diskLow() {
        return storage.diskLow();
      }
    };
  }

  /** The p2p node id of the node whose key is {@code key} (64 hex digits). */
  public static String nodeId(KeyPair key) {
    return nodeKey(key).id().toHex();
  }

  /** The p2p node key: derived from the account key, so one key file identifies the node. */
  static NodeKey nodeKey(KeyPair key) {
    return NodeKey.fromSeed(
        Hash.sha256("pot/node-key/v1".getBytes(StandardCharsets.US_ASCII), key.exportSeed())
            .toArray());
  }

  /** Opens storage, joins the network and starts consensus and the workers. */
  public Node start() throws IOException {
    Path data = Files.createDirectories(config.dataDir());
    byte[] networkId = Hash.sha256(genesis.chainId().getBytes(StandardCharsets.UTF_8)).toArray();
    P2pConfig p2pConfig =
        P2pConfig.builder(networkId)
            .listen(config.p2pListen().getHostString(), config.p2pListen().getPort())
            .maxFrameBytes(MAX_PAYLOAD_BYTES + (6 << 20))
            .rateLimit(5_000, 20_000)
            .advertisePort(config.p2p().advertisePort())
            .maxInbound(config.p2p().maxInbound())
            .maxOutbound(config.p2p().maxOutbound())
            .maxInboundPerAddress(
                config.p2p().maxInboundPerIp(), config.p2p().maxInboundPerSubnet())
            .build();
    p2p = new P2pNode(nodeKey(key), p2pConfig, TimeSource.system(), new SecureRandom());
    if (config.p2p().peerExchange()) {
      new PeerExchange(p2p, config.p2p().targetPeers());
    }
    artifacts = new Artifacts(p2p, data.resolve("artifacts"), 10_000);
    datasets = Datasets.open(name, config.datasets(), data.resolve("datasets"), artifacts);
    chain = ChainStore.open(RocksDbKeyValueStorage.open(data.resolve("chain")), genesis);
    blocks =
        new NodeBlockStore(
            RocksDbKeyValueStorage.open(data.resolve("consensus")), MAX_PAYLOAD_BYTES);
    Mempool mempool = new Mempool(genesis.chainId(), 50_000, 256, 64);
    // the mempool admits a transaction only with a valid signature, and its hash covers the
    // signature: a block's transactions the pool holds need no second check
    // fraud proofs are re-executed on a thread of their own, never on the consensus thread
    fraudChecks =
        new BackgroundFraudChecker(
            new ReexecutingFraudChecker(
                datasets.fraudCheckInputs(), Math.max(1, config.verifierThreads())),
            MAX_PENDING_FRAUD_CHECKS);
    // collaborative tasks' global models are recomputed off the consensus thread as well
    collabChecks =
        new BackgroundCollabChecker(
            new AggregatingCollabChecker(
                artifacts, artifacts, datasets::load, Math.max(1, config.verifierThreads())),
            MAX_PENDING_FRAUD_CHECKS);
    StateMachine machine =
        new StateMachine(
            genesis.chainId(),
            fraudChecks,
            collabChecks,
            tx -> mempool.contains(tx.hash()) || tx.verifySignature());
    app =
        new LedgerApp(
            name,
            machine,
            chain,
            blocks,
            mempool,
            key.publicKey(),
            RevealChain.of(key),
            Clock.systemUTC(),
            MAX_PAYLOAD_BYTES,
            LedgerApp.Backoff.exponential(200, 5_000));
    gateway = new TxGateway(p2p, mempool, app::state);
    app.addListener(
        (b, r) -> {
          if (b.transactions().size() > 0 || b.height() % 10 == 0) {
            STATUS.info(
                "{} height {} finalized: {} txs ({} accepted), state root {}",
                name,
                b.height(),
                b.transactions().size(),
                r.acceptedCount(),
                r.state().root().toHex().substring(0, 12));
          }
        });

    app.addListener((b, r) -> gateway.committed(h -> chain.transaction(h) != null));
    sync = new RangeSync(p2p, blocks, MAX_PAYLOAD_BYTES);
    app.addListener((b, r) -> sync.announce());
    NodeConfig.StateSync ss = config.p2p().stateSync();
    try {
      stateSync =
          new StateSync(
              name,
              genesis.chainId(),
              p2p,
              artifacts,
              chain,
              blocks,
              ss.snapshotInterval(),
              ss.snapshotsKept(),
              data.resolve("snapshots.txt"));
    } catch (IllegalArgumentException e) {
      throw new IOException("bad config " + config.file() + ": " + e.getMessage(), e);
    }
    app.addListener(stateSync);
    ConsensusTransport transport = new ConsensusTransport(p2p);
    transport.onMessage(
        (from, msg) -> {
          ConsensusService c = consensus;
          if (c != null) {
            c.deliver(from, msg); // before consensus runs, messages drop; peers retransmit
          }
        });
    p2pAddress = p2p.start();
    for (PeerAddress peer : config.peers()) {
      p2p.addPersistentPeer(peer.address(), peer.id());
    }
    discovery =
        new Discovery(
            name,
            p2p,
            data.resolve("addrbook.txt"),
            config.p2p().seeds(),
            config.p2p().targetPeers());
    discovery.start();
    if (chain.height() == 0 && (ss.enabled() || blocks.firstHeight() > 1)) {
      if (!ss.enabled()) {
        throw new IOException(
            "an interrupted state sync left "
                + data
                + " without its ledger state: start again with --state-sync");
      }
      try {
        restored =
            stateSync.restore(genesis.state().validatorSet(), Ed25519Keys.verifier(), 60_000);
        STATUS.info(
            "{} state-synced to height {} in {} ms; following blocks from there",
            name,
            restored.height(),
            restored.millis());
      } catch (StateSync.Failed e) {
        STATUS.warn(
            "{} state sync failed ({}); replaying blocks from genesis", name, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted during state sync", e);
      }
    }
    // after p2p is up: a replayed block may need a fraud proof's checkpoints from peers
    app.replay();
    tasks = new TaskIndex(app.state());
    storage =
        new StorageService(
            name,
            new Storage(
                artifacts.index(),
                new PinSet(data.resolve("artifacts")),
                config.storage().retention(),
                datasets.configured()),
            config.storage(),
            app::state,
            tasks::ids,
            Address.of(key),
            StorageService.freeSpaceOf(data));
    storage.pruneBlocksWith(
        new BlockPruner(
            name,
            config.storage().pruning(),
            app.chain(),
            blocks,
            this::oldestSnapshotHeight,
            this::oldestOpenTaskHeight));
    storage.checkWatermark();
    datasets.refuseNewWhen(storage::diskLow);
    metrics =
        new NodeMetrics(
            name,
            metricsSource(),
            Map.of(
                "chain", data.resolve("chain"),
                "consensus", data.resolve("consensus"),
                "artifacts", data.resolve("artifacts"),
                "datasets", data.resolve("datasets")));
    app.addListener((b, r) -> metrics.committed(b, r, System.currentTimeMillis()));
    app.addListener(tasks);
    app.addListener(storage); // after the task index: it reads the tasks a block added

    long epoch = genesis.params().epochLength();
    long propose = config.proposeTimeoutMs();
    ConsensusConfig cc =
        ConsensusConfig.builder()
            .chainId(genesis.chainId())
            .epochLength(epoch)
            .proposeTimeoutMs(propose)
            .prevoteTimeoutMs(Math.max(200, propose / 3))
            .precommitTimeoutMs(Math.max(200, propose / 3))
            .maxPayloadBytes(MAX_PAYLOAD_BYTES)
            .blockIntervalMs(Math.min(config.blockIntervalMs(), propose - 1))
            .relay(config.p2p().relayConsensus())
            .build();
    ConsensusListener penalizer = transport.penalizer();
    ConsensusListener listener =
        new ConsensusListener() {
          @Override
          public void onRejected(int peer, network.pot.consensus.Rejection reason) {
            penalizer.onRejected(peer, reason);
          }

          @Override
          public void onEvidence(Evidence evidence) {
            STATUS.warn(
                "{} detected double signing at height {}; reporting it", name, evidence.height());
            reportDoubleSign(evidence);
          }

          @Override
          public void onCommit(
              network.pot.consensus.ConsensusBlock block,
              CommitCertificate certificate,
              long nowMillis) {}
        };
    FileVoteLog wal = new FileVoteLog(data.resolve("consensus.wal"), true);
    consensus =
        new ConsensusService(
            name,
            Clock.systemUTC(),
            scheduler ->
                new ConsensusNode(
                    cc,
                    Ed25519Keys.fromSeed(key.exportSeed()),
                    Ed25519Keys.verifier(),
                    app,
                    blocks,
                    wal,
                    config.faults().doubleSign()
                        ? new Equivocator(
                            transport,
                            genesis.chainId(),
                            Ed25519Keys.fromSeed(key.exportSeed()),
                            MAX_PAYLOAD_BYTES)
                        : transport,
                    scheduler,
                    listener,
                    name),
            e -> {
              LOG.error("{} consensus halted", name, e);
              failure.complete(e);
            });

    sync.attach(consensus);

    WorkerContext work = new WorkerContext(name, key, app, tasks, gateway, artifacts, datasets);
    if (config.miner()) {
      miner =
          new MinerWorker(
              work, config.minerPolicy(), config.minerThreads(), config.faults().fabricateProof());
      miner.pauseWhen(storage::diskLow);
      app.addListener(miner);
      miner.start();
    }
    if (config.verifier()) {
      verifier = new VerifierWorker(work, config.verifierThreads());
      app.addListener(verifier);
      verifier.start();
    }
    if (config.miner() || config.verifier()) {
      // collaborative tasks: the same roles, round by round
      collab =
          new CollabWorker(
              work,
              config.miner(),
              config.verifier(),
              Math.max(1, Math.max(config.minerThreads(), config.verifierThreads())),
              config.faults().collabUpdate());
      app.addListener(collab);
      collab.start();
    }
    if (config.watcher().enabled()) {
      watcher =
          new WatcherWorker(
              work,
              config.verifierThreads(),
              config.watcher().samples(),
              config.watcher().proofsPerPass());
      app.addListener(watcher);
      watcher.start();
    }
    STATUS.info(
        "{} started: chain {} at height {}, p2p {}, validator {}, miner {}, verifier {}",
        name,
        genesis.chainId(),
        chain.height(),
        p2pAddress,
        isValidator(),
        config.miner(),
        config.verifier());
    return this;
  }

  /** Whether this node's key signs for a validator of the active set. */
  private boolean isValidator() {
    Address v = app.state().validatorOfConsensusKey(key.publicKey());
    return v != null && app.state().validatorSet().member(v) != null;
  }

  /** Turns consensus evidence into the ledger's double-sign transaction, signed by this node. */
  private void reportDoubleSign(Evidence e) {
    if (!isValidator()) {
      return; // validators report; one report is enough, the chain refuses the repeats
    }
    network.pot.consensus.ValidatorSet set = app.validatorSet((e.height() - 1) / app.epochLength());
    if (!set.contains(e.validator())) {
      return;
    }
    PublicKey pk = PublicKey.of(set.get(e.validator()).publicKey());
    Mempool.Admission a =
        gateway.send(
            key,
            app.state().params().minFee(),
            new Payload.DoubleSignEvidence(chainVote(e.first(), pk), chainVote(e.second(), pk)));
    LOG.info(
        "{} double-sign evidence against {}: {}",
        name,
        app.state().validatorOfConsensusKey(pk),
        a.admitted() ? "submitted" : a.rejection());
  }

  private static ConsensusVote chainVote(Vote v, PublicKey pk) {
    return new ConsensusVote(
        v.height(),
        v.round(),
        v.type() == VoteType.PREVOTE ? 1 : 2,
        v.blockHash() == null ? Hash.ZERO : v.blockHash(),
        pk,
        Bytes.wrap(v.signature()));
  }

  public String name() {
    return name;
  }

  public KeyPair key() {
    return key;
  }

  public Genesis genesis() {
    return genesis;
  }

  public LedgerApp app() {
    return app;
  }

  /** Where clients submit transactions: admitted to the mempool, then gossiped. */
  public TxSubmission gateway() {
    return gateway;
  }

  private long oldestSnapshotHeight() {
    StateSync ss = stateSync;
    return ss == null
        ? Long.MAX_VALUE
        : ss.held().stream().mapToLong(StateSync.Offer::height).min().orElse(Long.MAX_VALUE);
  }

  private long oldestOpenTaskHeight() {
    LedgerState s = app.state();
    long oldest = Long.MAX_VALUE;
    for (Hash id : tasks.ids()) {
      Task t = s.task(id);
      if (t != null && !t.settled()) {
        oldest = Math.min(oldest, t.publishedHeight());
      }
    }
    return oldest;
  }

  public TaskIndex tasks() {
    return tasks;
  }

  /** The node's artifacts (task specs, checkpoints, transcripts, datasets), shared with peers. */
  public ArtifactStore artifacts() {
    return artifacts;
  }

  /** The datasets the node holds and serves, and where clients upload new ones (once started). */
  public DatasetStore datasets() {
    return datasets;
  }

  public P2pNode p2p() {
    return p2p;
  }

  /** Range catch-up from peers. */
  /** The state sync this node restored on start, or null when it replayed or followed blocks. */
  public StateSync.Restored restored() {
    return restored;
  }

  /** Snapshots for late joiners, and the restore of one. */
  public StateSync stateSync() {
    return stateSync;
  }

  public RangeSync rangeSync() {
    return sync;
  }

  /** Retention, collection and the disk watermark of the node's artifacts (once started). */
  public StorageService storage() {
    return storage;
  }

  public Optional<MinerWorker> miner() {
    return Optional.ofNullable(miner);
  }

  public Optional<VerifierWorker> verifier() {
    return Optional.ofNullable(verifier);
  }

  /** Completes with the cause when consensus halts (the node must stop). */
  public CompletableFuture<Throwable> failure() {
    return failure;
  }

  @Override
  public long historyFrom() {
    return app.chain().historyFrom();
  }

  @Override
  public String nodeName() {
    return name;
  }

  @Override
  public String chainId() {
    return genesis.chainId();
  }

  @Override
  public Address nodeAddress() {
    return Address.of(key);
  }

  @Override
  public LedgerState state() {
    return app.state();
  }

  @Override
  public Block block(long height) {
    return app.chain().block(height);
  }

  @Override
  public ChainStore.TxLocation transaction(Hash hash) {
    return app.chain().transaction(hash);
  }

  @Override
  public List<Event> events(Hash hash) {
    return app.chain().eventsOf(hash);
  }

  @Override
  public ChainStore.BlockEvents blockEvents(long height) {
    return app.chain().events(height);
  }

  @Override
  public List<ChainStore.HistoryEntry> history(
      Address address, ChainStore.HistoryEntry before, int limit) {
    return app.chain().history(address, before, limit);
  }

  @Override
  public boolean isPending(Hash hash) {
    return app.mempool().contains(hash);
  }

  @Override
  public int pendingCount() {
    return app.mempool().size();
  }

  @Override
  public long nextNonce(Address sender, StateView state) {
    return app.mempool().nextNonce(sender, state);
  }

  @Override
  public List<Hash> taskIds() {
    return tasks.ids();
  }

  @Override
  public int peerCount() {
    return p2p.peers().size();
  }

  /** Counts of what this node's workers did, by kind. */
  @Override
  public Map<String, Long> workCounts() {
    Map<String, Long> m = new HashMap<>();
    if (miner != null) {
      m.putAll(miner.counts());
    }
    if (watcher != null) {
      m.putAll(watcher.counts());
    }
    if (verifier != null) {
      m.putAll(verifier.counts());
    }
    if (collab != null) {
      m.putAll(collab.counts());
    }
    return m;
  }

  @Override
  public void close() {
    if (collab != null) {
      collab.close();
    }
    if (watcher != null) {
      watcher.close();
    }
    if (verifier != null) {
      verifier.close();
    }
    if (miner != null) {
      miner.close();
    }
    if (discovery != null) {
      discovery.close();
    }
    if (sync != null) {
      sync.close();
    }
    if (stateSync != null) {
      stateSync.close();
    }
    if (consensus != null) {
      consensus.close();
    }
    if (collabChecks != null) {
      collabChecks.close();
    }
    if (fraudChecks != null) {
      fraudChecks.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (storage != null) {
      storage.close();
    }
    if (artifacts != null) {
      artifacts.close();
    }
    if (p2p != null) {
      p2p.close();
    }
    if (blocks != null) {
      blocks.close();
    }
    if (chain != null) {
      chain.close();
    }
    STATUS.info("{} stopped", name);
  }
}

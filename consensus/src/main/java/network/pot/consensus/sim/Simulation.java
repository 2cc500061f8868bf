package network.pot.consensus.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import network.pot.base.crypto.Hash;
import network.pot.base.io.FileTrees;
import network.pot.consensus.BlockStore;
import network.pot.consensus.CommitCertificate;
import network.pot.consensus.ConsensusBlock;
import network.pot.consensus.ConsensusListener;
import network.pot.consensus.ConsensusNode;
import network.pot.consensus.Evidence;
import network.pot.consensus.MemoryBlockStore;
import network.pot.consensus.MessageCodec;
import network.pot.consensus.Network;
import network.pot.consensus.Proposal;
import network.pot.consensus.Rejection;
import network.pot.consensus.Scheduler;
import network.pot.consensus.Timeout;
import network.pot.consensus.crypto.CachingVerifier;
import network.pot.consensus.crypto.Ed25519Keys;
import network.pot.consensus.wal.FileVoteLog;

/**
 * A deterministic discrete-event simulation of N consensus nodes in one JVM. Virtual time only
 * moves from one event to the next (message deliveries, timers, crashes, restarts); ties break by
 * insertion order, and every random choice comes from generators seeded by the run's seed, so a run
 * is a pure function of its {@link SimConfig}. Each node is the real {@link ConsensusNode} with
 * real Ed25519 signatures, a real file vote log and the canonical encoding on the wire; the network
 * between them is a {@link LinkModel} plus the {@link FaultPlan}.
 *
 * <p>Checked in every run: safety (honest nodes never commit different blocks at a height),
 * validity (every committed block passes the application check and carries a valid certificate) and
 * liveness (after the last partition heals and the last crashed node restarts, every honest node
 * reaches the target height within the configured bound). CPU time of signing and hashing is not
 * simulated: times are network times.
 */
public final class Simulation {
  private record Event(long time, long seq, Runnable action) {}

  private final SimConfig cfg;
  private final FaultPlan plan;
  private final LinkModel links;
  private final SimValidators keys;
  private final CachingVerifier verifier;
  private final SplittableRandom netRnd;
  private final PriorityQueue<Event> queue =
      new PriorityQueue<>(Comparator.comparingLong(Event::time).thenComparingLong(Event::seq));
  private final Path dir;
  private final Node[] nodes;
  private final Map<Hash, ConsensusBlock> interned = new HashMap<>();
  private final TreeMap<Long, Hash> canonical = new TreeMap<>();
  private final Map<Long, Long> heightStart = new HashMap<>();
  private final List<Double> finality = new ArrayList<>();
  private final List<Double> proposalToCommit = new ArrayList<>();
  private final Map<Long, Long> firstProposal = new HashMap<>();
  private long proposalBytes;
  private final Map<String, Boolean> evidenceSeen = new HashMap<>();
  private final Map<Rejection, Long> rejections = new EnumMap<>(Rejection.class);
  private final StringBuilder failure = new StringBuilder();
  private long now;
  private long seq;
  private int safetyViolations;
  private int validityViolations;
  private int honestDone;

  private final class Node {
    final int index;
    final MemoryBlockStore store = new MemoryBlockStore();
    final SimApplication app;
    final Path wal;
    ConsensusNode consensus;
    FileVoteLog log;
    boolean alive;
    int incarnation;
    boolean reached;

    Node(int index) {
      this.index = index;
      this.app = new SimApplication(keys, cfg.payloadBytes(), index, cfg.seed());
      this.wal = dir.resolve("node-" + index + ".wal");
    }

    boolean honest() {
      return !plan.isByzantine(index);
    }
  }

  private Simulation(SimConfig cfg, Path dir) {
    this.cfg = cfg;
    this.dir = dir;
    this.plan = new FaultPlan(cfg);
    this.netRnd = new SplittableRandom(cfg.seed() ^ 0x4E4554L);
    this.links = new LinkModel(cfg, netRnd);
    boolean[] byz = new boolean[cfg.validators()];
    for (int i = 0; i < byz.length; i++) {
      byz[i] = plan.isByzantine(i);
    }
    this.keys = new SimValidators(cfg.seed(), cfg.validators(), byz, cfg.weightedPower());
    this.verifier = new CachingVerifier(Ed25519Keys.verifier(), 1 << 20);
    this.nodes = new Node[cfg.validators()];
  }

  /** Runs one simulation; vote logs live in a temporary directory deleted afterwards. */
  public static SimResult run(SimConfig cfg) {
    Path dir;
    try {
      dir = Files.createTempDirectory("pot-sim-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for vote logs", e);
    }
    try {
      return new Simulation(cfg, dir).execute();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "simulation crashed (seed " + cfg.seed() + "); replay: " + cfg.replayCommand(), e);
    } finally {
      deleteTree(dir);
    }
  }

  private SimResult execute() {
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = new Node(i);
    }
    for (FaultPlan.Crash c : plan.crashes) {
      at(c.at(), () -> crash(nodes[c.node()]));
      at(c.restart(), () -> boot(nodes[c.node()]));
    }
    for (Node node : nodes) {
      boot(node);
    }
    long deadline = plan.faultsEnd + FaultPlan.ms(cfg.livenessBoundMs());
    int honest = 0;
    for (Node node : nodes) {
      honest += node.honest() ? 1 : 0;
    }
    while (!queue.isEmpty()) {
      if (honestDone == honest && now >= plan.faultsEnd) {
        break;
      }
      Event e = queue.poll();
      if (e.time() > deadline) {
        break;
      }
      now = e.time();
      e.action().run();
    }
    boolean live = honestDone == honest;
    if (!live) {
      note(
          "liveness: only "
              + honestDone
              + " of "
              + honest
              + " honest nodes reached height "
              + cfg.heights()
              + " by "
              + deadline / 1000
              + " ms"
              + describeNodes());
    }
    for (Node node : nodes) {
      closeLog(node);
    }
    long minHeight = Long.MAX_VALUE;
    for (Node node : nodes) {
      if (node.honest()) {
        minHeight = Math.min(minHeight, node.store.lastHeight());
      }
    }
    return new SimResult(
        cfg,
        safetyViolations,
        validityViolations,
        !live,
        minHeight,
        List.copyOf(finality),
        List.copyOf(proposalToCommit),
        proposalBytes,
        links.totalMessages(),
        links.totalBytes(),
        evidenceSeen.size(),
        rejections,
        now / 1000,
        failure.toString());
  }

  // ------------------------------------------------------------ node lifecycle

  private void boot(Node node) {
    node.incarnation++;
    node.alive = true;
    try {
      node.log = new FileVoteLog(node.wal, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int i = node.index;
    Outbox outbox = this::post;
    Network net =
        plan.isByzantine(i)
            ? new ByzantineNetwork(
                plan.behaviour[i],
                i,
                nodes.length,
                outbox,
                keys.signer(i),
                cfg.consensus().chainId(),
                node.app,
                new SplittableRandom(cfg.seed() * 31 + i),
                cfg.consensus().maxMessageBytes())
            : honestNetwork(i, outbox);
    node.consensus =
        new ConsensusNode(
            cfg.consensus(),
            keys.signer(i),
            verifier,
            node.app,
            new Interning(node.store),
            node.log,
            net,
            scheduler(node, node.incarnation),
            listener(node),
            "node-" + i);
    node.consensus.start();
  }

  private void crash(Node node) {
    node.alive = false;
    node.consensus = null;
    closeLog(node);
  }

  private void closeLog(Node node) {
    try {
      if (node.log != null) {
        node.log.close();
        node.log = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Network honestNetwork(int self, Outbox outbox) {
    return new Network() {
      @Override
      public void broadcast(byte[] message) {
        for (int to = 0; to < nodes.length; to++) {
          if (to != self) {
            outbox.post(self, to, message, 0);
          }
        }
      }

      @Override
      public void send(int peer, byte[] message) {
        outbox.post(self, peer, message, 0);
      }
    };
  }

  private Scheduler scheduler(Node node, int incarnation) {
    return new Scheduler() {
      @Override
      public long nowMillis() {
        return now / 1000;
      }

      @Override
      public void schedule(long delayMillis, Timeout timeout) {
        at(
            now + FaultPlan.ms(delayMillis),
            () -> {
              if (node.alive && node.incarnation == incarnation) {
                node.consensus.onTimeout(timeout);
              }
            });
      }
    };
  }

  // ------------------------------------------------------------ the network

  private void post(int from, int to, byte[] bytes, long extraDelay) {
    if (!cfg.linked(from, to)) {
      return; // no connection between the two: only relays carry the message across
    }
    long arrival = links.transmit(from, to, bytes.length, now + extraDelay);
    if (plan.cut(from, to, now) || netRnd.nextDouble() < plan.dropRate) {
      return;
    }
    if (netRnd.nextDouble() < plan.reorderRate) {
      arrival += netRnd.nextLong(FaultPlan.ms(2L * cfg.latencyMaxMs() + 1));
    }
    deliver(from, to, bytes, arrival);
    if (netRnd.nextDouble() < plan.duplicateRate) {
      deliver(from, to, bytes, arrival + links.delay(from, to));
    }
  }

  private void deliver(int from, int to, byte[] bytes, long arrival) {
    at(
        arrival,
        () -> {
          Node target = nodes[to];
          if (target.alive) {
            target.consensus.onMessage(from, bytes);
          }
        });
  }

  private void at(long time, Runnable action) {
    queue.add(new Event(time, seq++, action));
  }

  // ------------------------------------------------------------ checks

  private ConsensusListener listener(Node node) {
    return new ConsensusListener() {
      @Override
      public void onNewHeight(long height, long nowMillis) {
        if (node.honest()) {
          heightStart.merge(height, now, Math::min);
        }
      }

      @Override
      public void onPropose(Proposal proposal, long nowMillis) {
        firstProposal.merge(proposal.height(), now, Math::min);
        proposalBytes = Math.max(proposalBytes, MessageCodec.encode(proposal).length);
      }

      @Override
      public void onCommit(ConsensusBlock block, CommitCertificate certificate, long nowMillis) {
        if (node.honest()) {
          checkCommit(node, block, certificate);
        }
      }

      @Override
      public void onEvidence(Evidence evidence) {
        if (node.honest()) {
          evidenceSeen.put(evidence.key(), Boolean.TRUE);
        }
      }

      @Override
      public void onRejected(int peer, Rejection reason) {
        if (node.honest()) {
          rejections.merge(reason, 1L, Long::sum);
        }
      }
    };
  }

  private void checkCommit(Node node, ConsensusBlock block, CommitCertificate cert) {
    long h = block.height();
    Hash first = canonical.putIfAbsent(h, block.hash());
    if (first != null && !first.equals(block.hash())) {
      safetyViolations++;
      note(
          "safety: node "
              + node.index
              + " committed "
              + block.hash().shortHex()
              + " at height "
              + h
              + " but another honest node committed "
              + first.shortHex());
    }
    long epoch = (h - 1) / cfg.consensus().epochLength();
    boolean certOk =
        cert.verify(cfg.consensus().chainId(), h, block.hash(), keys.setFor(epoch), verifier)
            == CommitCertificate.Check.OK;
    Hash parent = h == 1 ? Hash.ZERO : node.store.block(h - 1).orElseThrow().hash();
    if (!certOk || !SimApplication.check(h, parent, block.payload()).valid()) {
      validityViolations++;
      note("validity: node " + node.index + " committed an invalid block at height " + h);
    }
    Long start = heightStart.get(h);
    if (start != null) {
      finality.add((now - start) / 1000.0);
    }
    Long proposed = firstProposal.get(h);
    if (proposed != null) {
      proposalToCommit.add((now - proposed) / 1000.0);
    }
    if (h == cfg.heights() && !node.reached) {
      node.reached = true;
      honestDone++;
    }
  }

  private String describeNodes() {
    StringBuilder sb = new StringBuilder();
    for (Node node : nodes) {
      ConsensusNode c = node.consensus;
      sb.append(" [node ").append(node.index);
      if (!node.honest()) {
        sb.append(' ').append(plan.behaviour[node.index].cliName());
      }
      if (c == null) {
        sb.append(" down]");
      } else {
        sb.append(" h=")
            .append(c.height())
            .append(" r=")
            .append(c.round())
            .append(' ')
            .append(c.step())
            .append(" locked=")
            .append(c.lockedRound())
            .append(" v=")
            .append(c.validatorIndex())
            .append(']');
      }
    }
    for (FaultPlan.Crash c : plan.crashes) {
      sb.append(" [crash node ")
          .append(c.node())
          .append(' ')
          .append(c.at() / 1000)
          .append('-')
          .append(c.restart() / 1000)
          .append(" ms]");
    }
    for (FaultPlan.Partition p : plan.partitions) {
      sb.append(" [partition ")
          .append(p.start() / 1000)
          .append('-')
          .append(p.end() / 1000)
          .append(" ms]");
    }
    return sb.toString();
  }

  private void note(String s) {
    if (failure.length() < 4000) {
      failure.append(failure.length() == 0 ? "" : "; ").append(s);
    }
  }

  /** Keeps one copy of each committed block across the simulated nodes' stores (memory). */
  private final class Interning implements BlockStore {
    private final MemoryBlockStore inner;

    Interning(MemoryBlockStore inner) {
      this.inner = inner;
    }

    @Override
    public long lastHeight() {
      return inner.lastHeight();
    }

    @Override
    public Optional<ConsensusBlock> block(long height) {
      return inner.block(height);
    }

    @Override
    public Optional<CommitCertificate> certificate(long height) {
      return inner.certificate(height);
    }

    @Override
    public void append(ConsensusBlock block, CommitCertificate certificate) {
      inner.append(interned.computeIfAbsent(block.hash(), k -> block), certificate);
    }
  }

  private static void deleteTree(Path dir) {
    try {
      FileTrees.deleteRecursively(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}

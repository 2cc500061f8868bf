package network.pot.node.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Task;

/**
 * Retention over a node's artifacts: reads the chain into {@link ChainFacts}, decides with {@link
 * RetentionPlan} and collects what may go. Used by the running node (in the background, see {@link
 * StorageService}) and by {@code pot storage} on a stopped node's home alike.
 */
public final class Storage {
  private final ArtifactIndex index;
  private final PinSet pins;
  private final RetentionPolicy policy;
  private final Set<Hash> configured;

  public Storage(ArtifactIndex index, PinSet pins, RetentionPolicy policy) {
    this(index, pins, policy, Set.of());
  }

  /**
   * Storage that also keeps the bundles of {@code configuredDatasets}, the datasets the node's
   * config lists (it serves them to peers from there).
   */
  public Storage(
      ArtifactIndex index, PinSet pins, RetentionPolicy policy, Set<Hash> configuredDatasets) {
    this.index = index;
    this.pins = pins;
    this.policy = policy;
    this.configured = Set.copyOf(configuredDatasets);
  }

  /** Opens the artifacts in {@code artifactsDir} (the node's {@code data_dir/artifacts}). */
  public static Storage open(Path artifactsDir, RetentionPolicy policy) throws IOException {
    return open(artifactsDir, policy, Set.of());
  }

  /** Opens the artifacts in {@code artifactsDir}, keeping the bundles of the datasets listed. */
  public static Storage open(
      Path artifactsDir, RetentionPolicy policy, Set<Hash> configuredDatasets) throws IOException {
    return new Storage(
        ArtifactIndex.open(artifactsDir), new PinSet(artifactsDir), policy, configuredDatasets);
  }

  public PinSet pins() {
    return pins;
  }

  public ArtifactIndex index() {
    return index;
  }

  /** What one collection found and did. */
  public record Result(RetentionPlan plan, List<Hash> removed, boolean dryRun) {
    public long removedBytes() {
      Set<Hash> r = new HashSet<>(removed);
      return plan.deletable().stream()
          .filter(v -> r.contains(v.key()))
          .mapToLong(RetentionPlan.Verdict::bytes)
          .sum();
    }
  }

  /** The plan for the chain state {@code state}, as seen by {@code self} (null: no own tasks). */
  public RetentionPlan plan(LedgerState state, List<Hash> taskIds, Address self)
      throws IOException {
    try (PinSet.Hold h = pins.hold()) {
      return plan(h, state, taskIds, self);
    }
  }

  private RetentionPlan plan(PinSet.Hold h, LedgerState state, List<Hash> taskIds, Address self)
      throws IOException {
    ChainFacts read = facts(state, taskIds, self);
    List<ChainFacts.TaskFacts> tasks = new ArrayList<>();
    for (ChainFacts.TaskFacts t : read.tasks()) {
      if (t.own() && t.winningModel() != null && policy.pinOwnModels()) {
        // a durable pin, once: a stopped node's gc keeps the model too, and an unpin sticks
        h.autoPin(t.id(), t.winningModel());
        t = t.withOwn(false);
      }
      tasks.add(t);
    }
    ChainFacts facts = new ChainFacts(read.height(), tasks);
    List<RetentionPlan.Stored> stored = new ArrayList<>();
    for (Map.Entry<Hash, Long> e : index.sizes().entrySet()) {
      stored.add(new RetentionPlan.Stored(e.getKey(), e.getValue()));
    }
    stored.sort((a, b) -> a.key().compareTo(b.key()));
    return RetentionPlan.of(facts, stored, h.pins(), policy, configured);
  }

  /**
   * Decides and, unless {@code dryRun}, removes what may go, holding the pins' lock throughout so
   * that nothing pinned meanwhile is removed.
   */
  public Result collect(LedgerState state, List<Hash> taskIds, Address self, boolean dryRun)
      throws IOException {
    try (PinSet.Hold h = pins.hold()) {
      RetentionPlan plan = plan(h, state, taskIds, self);
      // transcripts last: the checkpoints a transcript lists are known as checkpoints only while
      // it is held, so a crash that removed the transcript first would leave them unnamed by the
      // chain, kept for ever as other artifacts
      List<Hash> keys =
          plan.deletable().stream()
              .sorted(Comparator.comparing(v -> v.kind() == BlobKind.TRANSCRIPT))
              .map(RetentionPlan.Verdict::key)
              .toList();
      return new Result(plan, dryRun ? List.of() : index.remove(keys), dryRun);
    }
  }

  /** The chain as the retention decision needs it. */
  public ChainFacts facts(LedgerState state, List<Hash> taskIds, Address self) throws IOException {
    List<ChainFacts.TaskFacts> tasks = new ArrayList<>();
    for (Hash id : taskIds) {
      Task t = state.task(id);
      if (t == null) {
        continue;
      }
      Set<Hash> transcripts = new HashSet<>();
      Set<Hash> models = new HashSet<>();
      Set<Hash> checkpoints = new HashSet<>();
      ChainFacts.Winner winner = null;
      for (Address m : t.miners()) {
        Enrollment e = state.enrollment(id, m);
        if (e == null) {
          continue;
        }
        List<Hash> leaves = List.of();
        if (!e.transcriptRoot().equals(Hash.ZERO)) {
          transcripts.add(e.transcriptRoot());
          leaves = checkpointsOf(e.transcriptRoot());
          checkpoints.addAll(leaves);
        }
        if (!e.modelHash().equals(Hash.ZERO)) {
          models.add(e.modelHash());
          if (m.equals(t.winner()) && !e.transcriptRoot().equals(Hash.ZERO)) {
            // what WinningModels serves: the transcript, then the checkpoint its last leaf names
            winner =
                new ChainFacts.Winner(
                    e.modelHash(),
                    e.transcriptRoot(),
                    leaves.isEmpty() ? null : leaves.get(leaves.size() - 1));
          }
        }
      }
      boolean own = self != null && (self.equals(t.publisher()) || t.miners().contains(self));
      tasks.add(
          new ChainFacts.TaskFacts(
              id,
              t.terms().datasetId(),
              t.terms().specHash(),
              t.settlementHeight(state.params()),
              t.settled(),
              own,
              transcripts,
              checkpoints,
              models,
              winner));
    }
    return new ChainFacts(state.height(), tasks);
  }

  /** The checkpoint state hashes a transcript held here lists (32 bytes each). */
  private List<Hash> checkpointsOf(Hash transcript) throws IOException {
    Optional<Path> f = index.file(transcript.toArray());
    List<Hash> out = new ArrayList<>();
    if (f.isEmpty()) {
      return out;
    }
    byte[] b = Files.readAllBytes(f.get());
    for (int i = 0; i + Hash.SIZE <= b.length; i += Hash.SIZE) {
      out.add(Hash.of(java.util.Arrays.copyOfRange(b, i, i + Hash.SIZE)));
    }
    return out;
  }
}

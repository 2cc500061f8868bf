package network.pot.node.work;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Task;
import network.pot.chain.tx.Payload;
import network.pot.node.ledger.Mempool;
import network.pot.node.ledger.TaskIndex;
import network.pot.node.net.Artifacts;
import network.pot.node.net.TxGateway;
import network.pot.proof.Binding;
import network.pot.proof.CheckpointServer;
import network.pot.proof.CheckpointStorage;
import network.pot.proof.Prover;
import network.pot.proof.TaskSpec;
import network.pot.proof.Transcript;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miner: finds open tasks that its {@link MinerPolicy} accepts (steps, deadline, bond, model
 * and proof size, how many tasks at once, whether it can serve a challenge in time) and whose
 * dataset this node holds or can fetch, enrolls (bonding the task's minimum), and once the
 * enrollment is final trains the bound run with {@link Prover}, keeping checkpoints (as many as
 * {@code max_proof_bytes} holds) and the transcript as artifacts that verifiers fetch over p2p,
 * then commits the proof before the deadline; a checkpoint it did not store is re-trained when a
 * verifier asks for it. Training runs on its own thread with its own engine pool of {@code
 * threads}, so consensus (its own thread) is never starved of a core on a machine with more than
 * that.
 */
public final class MinerWorker extends Worker {
  private static final Logger STATUS = LoggerFactory.getLogger("pot.status");
  private static final Logger LOG = LoggerFactory.getLogger(MinerWorker.class);

  private final KeyPair key;
  private final MinerPolicy policy;
  private final TaskIndex tasks;
  private final TxGateway gateway;
  private final Artifacts artifacts;
  private final Datasets datasets;
  private final int threads;
  private final boolean fabricate;
  private final Set<Hash> enrollSent = new HashSet<>();
  private final Set<Hash> enrolling = new HashSet<>();
  private final Map<Hash, String> declined = new HashMap<>();
  private final Set<Hash> skipped = new HashSet<>();
  private final Map<Hash, Long> committedAt = new ConcurrentHashMap<>();
  private final AtomicLong enrolled = new AtomicLong();
  private final AtomicLong trained = new AtomicLong();
  private volatile BooleanSupplier paused = () -> false;
  private final AtomicLong steps = new AtomicLong();
  private final AtomicLong trainMillis = new AtomicLong();
  private final AtomicLong flopsTrained = new AtomicLong();

  /** The proofs this miner committed, for serving the checkpoints it did not store. */
  private final Map<String, Served> served = new ConcurrentHashMap<>();

  private boolean restored;

  /** Held while re-training a checkpoint for a peer: one at a time. */
  private final Object serving = new Object();

  /** A committed proof: its task, its transcript and which of its checkpoints are stored. */
  private record Served(TaskSpec spec, Transcript transcript, CheckpointStorage storage) {}

  public MinerWorker(WorkerContext ctx, MinerPolicy policy, int threads, boolean fabricate) {
    super(ctx.node() + "-miner", ctx.app());
    this.key = ctx.key();
    this.policy = policy;
    this.tasks = ctx.tasks();
    this.gateway = ctx.gateway();
    this.artifacts = ctx.artifacts();
    this.datasets = ctx.datasets();
    this.threads = threads;
    this.fabricate = fabricate;
    artifacts.produceWith(this::produce);
  }

  /**
   * The checkpoint {@code key} names, when it is a leaf of a proof this miner committed and did not
   * store: re-trained from the nearest stored one, and served only if it is the committed state.
   * One at a time, so that serving never takes more than one engine pool.
   */
  private Optional<byte[]> produce(byte[] key) throws IOException {
    Served s = served.get(network.pot.base.bytes.Hex.encode(key));
    if (s == null) {
      return Optional.empty();
    }
    synchronized (serving) {
      // a request that waited for the same checkpoint finds it produced already
      Optional<byte[]> made = artifacts.local().fetch(key);
      return made.isPresent() ? made : replay(s, key);
    }
  }

  private Optional<byte[]> replay(Served s, byte[] key) throws IOException {
    Optional<DataSets.Split> data = datasets.load(s.spec());
    if (data.isEmpty()) {
      return Optional.empty();
    }
    try (Parallel par = Parallel.of(threads)) {
      return new CheckpointServer(
              s.spec(), s.transcript(), s.storage(), artifacts.local(), data.get().train(), par)
          .fetch(key);
    }
  }

  /** Where a proof's storage interval is kept among the artifacts, so that a restart finds it. */
  static byte[] storageKey(byte[] root) {
    return network.pot.base.crypto.Sha256.tagged("pot/miner/checkpoint-storage", root);
  }

  /** Serves the checkpoints of {@code transcript} that {@code storage} does not keep. */
  private void serve(TaskSpec spec, Transcript transcript, CheckpointStorage storage) {
    Served entry = new Served(spec, transcript, storage);
    for (int i = 0; i < transcript.size(); i++) {
      if (!storage.keeps(i, spec.segments())) {
        served.put(network.pot.base.bytes.Hex.encode(transcript.stateHash(i)), entry);
      }
    }
  }

  /**
   * After a restart: serves again the proofs this miner committed that may still be challenged and
   * that it stored sparsely, from their transcripts and storage intervals among its artifacts.
   */
  private void restoreServing(LedgerState state) throws IOException {
    for (Hash id : tasks.ids()) {
      Task t = state.task(id);
      Enrollment e = t == null ? null : state.enrollment(id, Address.of(key));
      if (e == null
          || (e.status() != Enrollment.Status.COMMITTED
              && e.status() != Enrollment.Status.ACCEPTED)) {
        continue;
      }
      byte[] root = e.transcriptRoot().toArray();
      Optional<byte[]> every = artifacts.local().fetch(storageKey(root));
      Optional<TaskSpec> spec = every.isEmpty() ? Optional.empty() : spec(t);
      if (spec.isEmpty()) {
        continue;
      }
      Optional<byte[]> leaves = artifacts.local().fetch(root);
      Optional<List<byte[]>> transcript =
          leaves.flatMap(b -> Transcripts.decode(b, spec.get().segments() + 1, root));
      if (transcript.isPresent()) {
        serve(
            spec.get(),
            new Transcript(transcript.get()),
            new CheckpointStorage(
                Integer.parseInt(
                    new String(every.get(), java.nio.charset.StandardCharsets.US_ASCII))));
      }
    }
  }

  /**
   * This miner's measured training speed on {@code spec}: its seconds per FLOP so far times the
   * task's FLOPs per step; 0 before it has trained anything.
   */
  private double secondsPerStep(TaskSpec spec) {
    long flops = flopsTrained.get();
    return flops == 0 ? 0 : trainMillis.get() / 1e3 / flops * spec.flopsPerStep();
  }

  @Override
  protected void work(LedgerState state) throws IOException {
    if (!restored) {
      restoreServing(state);
      restored = true;
    }
    long height = state.height();
    int active = active(state);
    for (Hash id : tasks.ids()) {
      Task t = state.task(id);
      if (!open(t, height) || skipped.contains(id)) {
        continue;
      }
      Enrollment e = state.enrollment(id, Address.of(key));
      if (e == null) {
        if (!enrollSent.contains(id) && take(id, t, height, active)) {
          Mempool.Admission a =
              gateway.send(
                  key,
                  state.params().minFee(),
                  new Payload.EnrollTask(id, MinerPolicy.bond(t.terms())));
          enrollSent.add(id);
          if (a.admitted()) {
            enrolling.add(id);
            active++;
            enrolled.incrementAndGet();
            STATUS.info("{} enrolls in task {}", name(), id.toHex().substring(0, 12));
          } else {
            LOG.warn("{} enrollment in {} refused by the mempool: {}", name(), id, a.rejection());
          }
        }
      } else if (e.status() == Enrollment.Status.ENROLLED && !committedAt.containsKey(id)) {
        train(state, id, t, e);
        return; // the state moved on while training; look again
      }
    }
  }

  private static boolean open(Task t, long height) {
    return t != null && !t.settled() && height < t.terms().deadline();
  }

  /**
   * The tasks this miner has in hand: open, enrolled in (or its enrollment admitted and on its way)
   * and not yet committed.
   */
  private int active(LedgerState state) {
    int n = 0;
    for (Hash id : tasks.ids()) {
      Task t = state.task(id);
      if (!open(t, state.height()) || skipped.contains(id) || committedAt.containsKey(id)) {
        continue;
      }
      Enrollment e = state.enrollment(id, Address.of(key));
      if (e == null ? enrolling.contains(id) : e.status() == Enrollment.Status.ENROLLED) {
        n++;
      }
    }
    return n;
  }

  /**
   * Whether to enroll in a task: the policy on its terms, then (the spec fetched) on its model and
   * proof size; then the dataset must be here or fetched.
   */
  private boolean take(Hash id, Task t, long height, int active) throws IOException {
    if (paused.getAsBoolean()) {
      return false; // disk below the watermark: the storage service says so in the log
    }
    MinerPolicy.Decision d = policy.accepts(t.terms(), height, active);
    if (d.accepted()) {
      Optional<TaskSpec> spec = spec(t);
      if (spec.isEmpty()) {
        return false;
      }
      d = decide(spec.get());
    }
    if (!d.accepted()) {
      if (!d.reason().equals(declined.put(id, d.reason()))) {
        STATUS.info("{} declines task {}: {}", name(), id.toHex().substring(0, 12), d.reason());
      }
      return false;
    }
    return datasets.obtain(t.terms().datasetId());
  }

  /**
   * The policy on a task's spec: its model and proof size, then whether this miner, at its measured
   * speed, re-trains any checkpoint it will not store before a verifier stops waiting for it.
   */
  private MinerPolicy.Decision decide(TaskSpec spec) {
    MinerPolicy.Decision d = policy.accepts(spec);
    return d.accepted()
        ? policy.servesInTime(spec, secondsPerStep(spec), artifacts.timeoutMillis() / 1e3)
        : d;
  }

  private Optional<TaskSpec> spec(Task t) throws IOException {
    Optional<TaskSpec> s = Datasets.spec(t, artifacts);
    if (s.isPresent() && !matches(s.get(), t)) {
      LOG.warn("{} the spec of a task does not match its on-chain terms; skipping it", name());
      return Optional.empty();
    }
    return s;
  }

  /** The spec must say what the chain says: same data, steps, interval and sample size. */
  static boolean matches(TaskSpec s, Task t) {
    return network.pot.node.ledger.TaskSpecs.matchTerms(s, t);
  }

  private void train(LedgerState state, Hash id, Task t, Enrollment e) throws IOException {
    Optional<TaskSpec> spec = spec(t);
    MinerPolicy.Decision d = spec.map(this::decide).orElse(MinerPolicy.Decision.ACCEPT);
    if (!d.accepted()) {
      // enrolled before this policy (a restart with a new config): the bond is lost either way
      STATUS.warn("{} will not train task {}: {}", name(), id, d.reason());
      skipped.add(id);
      return;
    }
    Optional<DataSets.Split> data = spec.isPresent() ? datasets.load(spec.get()) : Optional.empty();
    if (data.isEmpty()) {
      skipped.add(id);
      return;
    }
    TaskSpec s = spec.get();
    Binding binding = new Binding(s.taskId(), Address.of(key).toArray(), e.enrollHash().toArray());
    STATUS.info(
        "{} trains task {}: {} steps, checkpoint every {}",
        name(),
        id.toHex().substring(0, 12),
        s.steps(),
        s.checkpointEvery());
    long t0 = System.nanoTime();
    long quarter = Math.max(1, s.steps() / 4);
    Prover.Result r;
    try (Parallel par = Parallel.of(threads)) {
      r =
          Prover.prove(
              s,
              binding,
              data.get(),
              artifacts,
              policy.maxProofBytes(),
              par,
              step -> {
                if (step % quarter == 0 && step < s.steps()) {
                  LOG.info(
                      "{} task {} step {}/{}",
                      name(),
                      id.toHex().substring(0, 12),
                      step,
                      s.steps());
                }
              });
    } catch (IllegalArgumentException diverged) {
      STATUS.warn("{} training of task {} failed: {}", name(), id, diverged.getMessage());
      skipped.add(id);
      return;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    trainMillis.addAndGet(ms);
    steps.addAndGet(s.steps());
    flopsTrained.addAndGet(s.flopsPerStep() * s.steps());
    artifacts.put(r.commitment().merkleRoot(), Transcripts.encode(r.transcript().stateHashes()));
    if (r.storage().every() > 1) {
      artifacts.put(
          storageKey(r.commitment().merkleRoot()),
          Integer.toString(r.storage().every())
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      serve(s, r.transcript(), r.storage());
    }
    // fault injection: claim a better model than the one trained (a fabricated result that the
    // committee's evaluation of the committed final model must catch)
    long claimed =
        fabricate
            ? Math.min(r.testSamples(), r.commitment().claimedCorrect() + 1 + r.testSamples() / 10)
            : r.commitment().claimedCorrect();
    Mempool.Admission a =
        gateway.send(
            key,
            state.params().minFee(),
            new Payload.CommitProof(
                id,
                Hash.of(r.commitment().merkleRoot()),
                Hash.of(r.commitment().modelHash()),
                claimed));
    committedAt.put(id, state.height());
    trained.incrementAndGet();
    STATUS.info(
        "{} commits task {}: {} correct of {} test samples, {} ms, root {} ({})",
        name(),
        id.toHex().substring(0, 12),
        claimed,
        r.testSamples(),
        ms,
        Hash.of(r.commitment().merkleRoot()).toHex().substring(0, 12),
        a.admitted() ? "submitted" : a.rejection());
  }

  /** Takes no new task while {@code low} is true (the disk watermark); trains those taken. */
  public void pauseWhen(BooleanSupplier low) {
    this.paused = low;
  }

  @Override
  public Map<String, Long> counts() {
    return Map.of(
        "miner_enrollments", enrolled.get(),
        "miner_trained", trained.get(),
        "miner_steps", steps.get(),
        "miner_train_ms", trainMillis.get());
  }

  /** Tasks this miner committed to, for tests. */
  public List<Hash> committedTasks() {
    return List.copyOf(committedAt.keySet());
  }
}

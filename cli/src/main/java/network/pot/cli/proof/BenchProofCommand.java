package network.pot.cli.proof;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import network.pot.base.codec.LittleEndian;
import network.pot.base.crypto.Sha256;
import network.pot.base.io.FileTrees;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.proof.Binding;
import network.pot.proof.BlobSource;
import network.pot.proof.CheckpointServer;
import network.pot.proof.CheckpointStorage;
import network.pot.proof.Merkle;
import network.pot.proof.OpeningSource;
import network.pot.proof.ProofDirectory;
import network.pot.proof.Prover;
import network.pot.proof.TaskSpec;
import network.pot.proof.Verdict;
import network.pot.proof.Verifier;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code pot bench proof}: what proof of training costs. Runs the same T steps three ways on one
 * dataset: plain training, proving (training plus the transcript), and verifying a challenge of q
 * segments plus the final evaluation; prints the times, their ratio and the prover's overhead.
 */
@Command(
    name = "proof",
    mixinStandardHelpOptions = true,
    description = {
      "Measures proof of training: plain training for T steps, proving the same run (checkpoint",
      "every K steps, Merkle tree, blobs on disk), and verifying q sampled segments plus the",
      "final evaluation. Prints one JSON object with prove_seconds, verify_seconds, their ratio",
      "and the prover's overhead over plain training (prover_overhead: time spent keeping the",
      "transcript over training time; prover_overhead_wall: against the plain run's wall time;",
      "prover_overhead_cpu: the same with the process's processor time, background work included).",
      "verify_excluding_eval_to_prove_ratio is verification less its one evaluation pass over",
      "prove_seconds; verify_reexecution_seconds, verify_eval_seconds and verify_fixed_seconds",
      "split the verifier's time. These are a second verification (other segments, as many):",
      "a node's verifier worker runs many; verify_first_seconds is the process's first one,",
      "which also pays for compiling the verifier's code. The protocol's setting is mlp,",
      "T=5000, K=25, q=4 on Fashion-MNIST (the defaults). Storage: proof_bytes on disk (every",
      "m-th checkpoint, m from --checkpoint-budget-mib), verifier_download_bytes (blobs and",
      "openings one verification takes), serve_unstored_seconds (re-training the worst start",
      "that was not stored), serve_verification_seconds (the prover's re-training for one",
      "verification, left out of the verify figures)."
    })
public final class BenchProofCommand extends JsonCommand {
  @Mixin RunOptions run;

  @Mixin TaskOptions options;

  @Mixin StorageOptions storage;

  @picocli.CommandLine.Option(
      names = "--repeat",
      paramLabel = "R",
      description =
          "Runs plain training and proving R times each, alternating, and verifies R times"
              + " after a first verification; prints medians (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int repeat;

  @Override
  protected void validate() {
    if (repeat < 1 || repeat > 100) {
      throw new UserException("--repeat must be between 1 and 100, got " + repeat);
    }
  }

  @Override
  protected int run(ObjectNode o, Output output) throws IOException {
    int t = run.threads();
    Path dataDir = run.dataDir();
    TaskSpec task = options.task(dataDir);
    long steps = task.steps();
    DataSets.Split split = TaskOptions.loadData(task, dataDir);
    Binding binding =
        new Binding(task.taskId(), Sha256.tagged("bench/miner"), Sha256.tagged("bench/block"));
    o.put("model", options.model);
    o.put("steps", steps);
    o.put("checkpoint_every", task.checkpointEvery());
    o.put("samples", task.samples());
    o.put("batch", task.batch());
    o.put("threads", t);
    o.put("data", dataDir.toString());
    o.put("repeat", repeat);
    Path tmp = Files.createTempDirectory("pot-bench-proof");
    try (Parallel par = Parallel.of(t)) {
      // plain training and proving alternate, repeat times each, so that a slow spell of the
      // machine falls on both; the figures are medians
      double[] plain = new double[repeat];
      double[] plainCpu = new double[repeat];
      double[] prove = new double[repeat];
      double[] proveCpu = new double[repeat];
      double[] transcript = new double[repeat];
      double evalSeconds = 0;
      Prover.Result r = null;
      ProofDirectory dir = null;
      for (int i = 0; i < repeat; i++) {
        // plain training: the same run with no transcript
        Trainer plainRun = task.newTrainer(binding.seeds(), split.train());
        long t0 = System.nanoTime();
        long c0 = processCpuNanos();
        try (Progress progress = run.progress("train " + (i + 1) + "/" + repeat, steps)) {
          while (plainRun.step() < steps) {
            plainRun.step(par);
            progress.accept(plainRun.step());
          }
        }
        plain[i] = (System.nanoTime() - t0) / 1e9;
        plainCpu[i] = (processCpuNanos() - c0) / 1e9;
        t0 = System.nanoTime();
        c0 = processCpuNanos();
        Trainer.correct(plainRun.model(), split.test(), par);
        evalSeconds = (System.nanoTime() - t0) / 1e9;
        double evalCpu = (processCpuNanos() - c0) / 1e9;

        // proving as pot prove does it: into a temporary directory, synced, renamed into place
        if (dir != null) {
          FileTrees.deleteRecursively(dir.dir());
        }
        t0 = System.nanoTime();
        c0 = processCpuNanos();
        try (ProofDirectory.Staging staging = ProofDirectory.stage(tmp.resolve("proof"));
            Progress progress = run.progress("prove " + (i + 1) + "/" + repeat, steps)) {
          r =
              Prover.prove(
                  task, binding, split, staging.directory(), storage.budgetBytes(), par, progress);
          staging.directory().save(r);
          dir = staging.publish();
        }
        prove[i] = (System.nanoTime() - t0) / 1e9;
        // the proving run's processor time less its evaluation pass (about the plain one's)
        proveCpu[i] = (processCpuNanos() - c0) / 1e9 - evalCpu;
        transcript[i] = r.transcriptSeconds();
        if (!java.util.Arrays.equals(
            r.commitment().modelHash(), Checkpoint.modelHash(plainRun.model()))) {
          throw new IllegalStateException("proving and plain training reached different models");
        }
      }
      double plainSeconds = median(plain);
      double proveSeconds = median(prove);

      // the first verification in this process pays one-time costs (compiling the verifier's
      // code, growing the heap onto fresh pages); a node's verifier worker runs many, so the
      // figures below are the median of repeat more, each by another verifier (other segments,
      // as many)
      Verifier verifier = new Verifier(task, split, par);
      CheckpointServer firstServer =
          new CheckpointServer(task, r.transcript(), r.storage(), dir, split.train(), par);
      Downloads firstDown = new Downloads(firstServer, dir);
      long t0 = System.nanoTime();
      Verdict first =
          verifier.verify(
              dir.commitment(),
              firstDown,
              firstDown,
              Sha256.tagged("bench/randomness"),
              Sha256.tagged("bench/first-verifier"),
              task.samples());
      // the verifier's time, less the prover's re-training of the starts it did not store
      double firstVerifySeconds = (System.nanoTime() - t0) / 1e9 - firstServer.replaySeconds();
      if (!first.valid()) {
        throw new IllegalStateException("an honest proof failed verification: " + first);
      }
      Verdict[] verdicts = new Verdict[repeat];
      double[] verify = new double[repeat];
      long[] downloaded = new long[repeat];
      double[] serving = new double[repeat];
      for (int i = 0; i < repeat; i++) {
        CheckpointServer server =
            new CheckpointServer(task, r.transcript(), r.storage(), dir, split.train(), par);
        Downloads down = new Downloads(server, dir);
        t0 = System.nanoTime();
        verdicts[i] =
            verifier.verify(
                dir.commitment(),
                down,
                down,
                Sha256.tagged("bench/randomness"),
                Sha256.tagged("bench/verifier", LittleEndian.u32(i)),
                task.samples());
        verify[i] = (System.nanoTime() - t0) / 1e9 - server.replaySeconds();
        downloaded[i] = down.bytes;
        serving[i] = server.replaySeconds();
        if (!verdicts[i].valid() || verdicts[i].segments().size() != first.segments().size()) {
          throw new IllegalStateException("an honest proof failed verification: " + verdicts[i]);
        }
      }
      double verifySeconds = median(verify);
      Verdict v = verdicts[medianIndex(verify)];

      o.put("plain_train_seconds", plainSeconds);
      o.set("plain_train_runs", runs(o, plain));
      o.set("prove_runs", runs(o, prove));
      o.put("eval_seconds", evalSeconds);
      o.put("prove_seconds", proveSeconds);
      double keep = median(transcript);
      o.put("transcript_seconds", keep);
      // the prover's only extra work is keeping the transcript, timed around exactly that;
      // the wall-clock comparison with the plain run is also shown but is noisy on a busy machine
      o.put("prover_overhead", keep / (proveSeconds - keep - evalSeconds));
      o.put("prover_overhead_wall", (proveSeconds - evalSeconds) / plainSeconds - 1);
      // processor time of the whole process, the transcript's background hashing and writing
      // included; under other load it swings too (the engine's workers spin between jobs)
      if (processCpuNanos() >= 0) {
        o.put("plain_train_cpu_seconds", median(plainCpu));
        o.put("prove_cpu_seconds", median(proveCpu));
        o.put("prover_overhead_cpu", median(proveCpu) / median(plainCpu) - 1);
      }
      o.put("checkpoints", r.commitment().checkpoints());
      o.put("proof_bytes", directorySize(dir.dir()));
      CheckpointStorage kept = r.storage();
      int n = task.segments();
      long checkpointBytes = Files.size(dir.blobPath(r.transcript().stateHash(0)));
      o.put("checkpoint_bytes", checkpointBytes);
      o.put("checkpoint_budget_bytes", storage.budgetBytes());
      o.put("store_every", kept.every());
      o.put("checkpoints_stored", kept.kept(n));
      o.put("proof_bytes_full_storage", checkpointBytes * (n + 1L));
      // the bytes a verifier takes from the prover: blobs and openings, the median run's
      o.put("verifier_download_bytes", downloaded[medianIndex(verify)]);
      // what answering the median verification cost the prover (left out of verify_seconds)
      o.put("serve_verification_seconds", serving[medianIndex(verify)]);
      o.put("max_replay_steps", kept.maxReplaySteps(task.checkpointEvery()));
      // serving the worst challenge: a start that is the most intervals past its stored anchor
      int worst = Math.min(kept.every() - 1, n - 1);
      if (!kept.keeps(worst, n)) {
        CheckpointServer server =
            new CheckpointServer(task, r.transcript(), kept, dir, split.train(), par);
        long s0 = System.nanoTime();
        if (server.fetch(r.transcript().stateHash(worst)).isEmpty()) {
          throw new IllegalStateException("an honest prover could not serve leaf " + worst);
        }
        o.put("serve_unstored_seconds", (System.nanoTime() - s0) / 1e9);
        o.put("serve_unstored_steps", server.replayedSteps());
      } else {
        o.put("serve_unstored_seconds", 0.0);
        o.put("serve_unstored_steps", 0);
      }
      o.put("verdict", v.valid() ? "valid" : "invalid");
      o.put("segments_checked", v.segments().size());
      o.put("steps_reexecuted", v.stepsReexecuted());
      o.put("fraction_of_training", v.fractionOfTraining());
      o.put("verify_first_seconds", firstVerifySeconds);
      o.put(
          "verify_first_excluding_eval_to_prove_ratio",
          (firstVerifySeconds - first.evaluationSeconds()) / proveSeconds);
      o.put("verify_seconds", verifySeconds);
      o.put("verify_to_prove_ratio", verifySeconds / proveSeconds);
      o.put("verify_minus_eval_to_prove_ratio", (verifySeconds - evalSeconds) / proveSeconds);
      // the verifier's own split: re-executed steps, its one evaluation pass, and the rest (data
      // checks, fetching, decoding, Merkle proofs); the target figure leaves out the evaluation
      o.put("verify_reexecution_seconds", v.reexecutionSeconds());
      o.put("verify_eval_seconds", v.evaluationSeconds());
      o.put("verify_fixed_seconds", verifySeconds - v.reexecutionSeconds() - v.evaluationSeconds());
      o.put(
          "verify_excluding_eval_to_prove_ratio",
          (verifySeconds - v.evaluationSeconds()) / proveSeconds);
      o.put("test_accuracy", (double) r.commitment().claimedCorrect() / r.testSamples());
    } finally {
      FileTrees.deleteRecursively(tmp);
    }
    return ExitCodes.OK;
  }

  /** The prover as a verifier sees it, counting the bytes of blobs and openings it answers. */
  private static final class Downloads implements BlobSource, OpeningSource {
    private final BlobSource blobs;
    private final OpeningSource openings;
    long bytes;

    Downloads(BlobSource blobs, OpeningSource openings) {
      this.blobs = blobs;
      this.openings = openings;
    }

    @Override
    public Optional<byte[]> fetch(byte[] id) throws IOException {
      return count(blobs.fetch(id));
    }

    @Override
    public Optional<byte[]> fetch(byte[] id, int maxBytes) throws IOException {
      return count(blobs.fetch(id, maxBytes));
    }

    private Optional<byte[]> count(Optional<byte[]> b) {
      b.ifPresent(x -> bytes += x.length);
      return b;
    }

    @Override
    public Optional<Merkle.Opening> open(int index) throws IOException {
      Optional<Merkle.Opening> o = openings.open(index);
      o.ifPresent(x -> bytes += Sha256.SIZE * (1L + x.path().size()));
      return o;
    }
  }

  private static com.fasterxml.jackson.databind.node.ArrayNode runs(ObjectNode o, double[] xs) {
    var a = o.arrayNode();
    for (double x : xs) {
      a.add(x);
    }
    return a;
  }

  private static double median(double[] xs) {
    return xs[medianIndex(xs)];
  }

  /** The index of the median (the lower one of an even count). */
  private static int medianIndex(double[] xs) {
    Integer[] order = new Integer[xs.length];
    for (int i = 0; i < xs.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(xs[a], xs[b]));
    return order[(xs.length - 1) / 2];
  }

  /** Processor time this process has used, or -1 where the platform does not tell. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }

  private static long directorySize(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      long total = 0;
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        total += Files.size(p);
      }
      return total;
    }
  }
}

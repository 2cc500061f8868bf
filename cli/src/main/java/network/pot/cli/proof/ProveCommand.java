package network.pot.cli.proof;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import network.pot.base.bytes.Hex;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.proof.Binding;
import network.pot.proof.ProofDirectory;
import network.pot.proof.Prover;
import network.pot.proof.TaskSpec;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pot prove}: trains a task under a miner's binding and writes its proof directory. */
@Command(
    name = "prove",
    header = "Train a task under a binding and keep its proof of training.",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a task from the initial state that (task id, miner id, enrollment block hash)",
      "determine, keeping a checkpoint every K steps. Writes OUT/commitment.json,",
      "OUT/transcript.txt, OUT/storage.txt and OUT/blobs/, synced to disk, under a temporary",
      "name that becomes OUT only when the proof is complete: a run that fails or is stopped",
      "leaves no OUT. Only every m-th checkpoint is stored, m chosen from the disk budget.",
      "Prints one JSON object: merkle_root, model_hash, claimed_accuracy, checkpoints, seconds, ..."
    })
public final class ProveCommand extends JsonCommand {
  @Option(names = "--task", required = true, paramLabel = "FILE", description = "Task spec JSON.")
  Path task;

  @Option(names = "--miner", required = true, paramLabel = "HEX", description = "Miner id (hex).")
  String miner;

  @Option(
      names = "--enroll-hash",
      required = true,
      paramLabel = "HEX",
      description = "Hash of the block that included the miner's enrollment (hex).")
  String enrollHash;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Proof directory to create (must not exist yet, or be empty).")
  Path out;

  @Mixin RunOptions run;

  @Mixin StorageOptions storage;

  private TaskSpec taskSpec;

  @Override
  // The try-with-resources holds `cleanup` only for its close(): it removes a failed run's output.
  @SuppressWarnings("try")
  protected int run(ObjectNode o, Output output) throws IOException {
    int t = run.threads();
    taskSpec = TaskOptions.read(task);
    Binding binding =
        new Binding(
            taskSpec.taskId(),
            TaskOptions.hex(miner, -1, "--miner"),
            TaskOptions.hex(enrollHash, -1, "--enroll-hash"));
    if (Files.exists(out.resolve(ProofDirectory.COMMITMENT))) {
      throw new UserException(out + " already holds a proof; choose another --out");
    }
    if (Files.exists(out) && !isEmptyDirectory(out)) {
      throw new UserException(out + " exists and is not an empty directory; choose another --out");
    }
    DataSets.Split split = TaskOptions.loadData(taskSpec, run.dataDir());
    long start = System.nanoTime();
    Prover.Result r;
    // the proof is written under a temporary name and renamed into place once complete; a run
    // that fails, diverges or is interrupted leaves nothing at --out
    try (ProofDirectory.Staging staging = ProofDirectory.stage(out);
        Cleanup cleanup = new Cleanup(staging);
        Parallel par = Parallel.of(t);
        Progress progress = run.progress("prove", taskSpec.steps())) {
      r =
          Prover.prove(
              taskSpec, binding, split, staging.directory(), storage.budgetBytes(), par, progress);
      staging.directory().save(r);
      staging.publish();
    }
    o.setAll(r.commitment().toJson());
    o.put("claimed_accuracy", (double) r.commitment().claimedCorrect() / r.testSamples());
    o.put("test_samples", r.testSamples());
    o.put("steps", taskSpec.steps());
    o.put("transcript_seconds", r.transcriptSeconds());
    o.put("store_every", r.storage().every());
    o.put("checkpoints_stored", r.storage().kept(taskSpec.segments()));
    o.put("max_replay_steps", r.storage().maxReplaySteps(taskSpec.checkpointEvery()));
    o.put("seconds", (System.nanoTime() - start) / 1e9);
    o.put("threads", t);
    o.put("proof", out.toString());
    return ExitCodes.OK;
  }

  @Override
  protected void after(Output progress) {
    progress.note("task id " + Hex.encode(taskSpec.taskId()));
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  /** Discards the unpublished proof when the JVM is stopped (Ctrl-C) while proving. */
  private static final class Cleanup implements AutoCloseable {
    private final Thread hook;

    Cleanup(ProofDirectory.Staging staging) {
      hook =
          new Thread(
              () -> {
                try {
                  staging.close();
                } catch (IOException e) {
                  // the JVM is going down; the temporary directory's name says it is partial
                }
              },
              "pot-prove-cleanup");
      Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to
      }
    }
  }
}

package network.pot.node.cli.proof;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import network.pot.node.cli.UserException;
import network.pot.proof.Binding;
import network.pot.proof.Hashes;
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
      "OUT/transcript.txt and OUT/blobs/. Prints one JSON object: merkle_root, model_hash,",
      "claimed_accuracy, checkpoints, seconds, ..."
    })
public final class ProveCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

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
      description = "Proof directory to create (must not hold a proof yet).")
  Path out;

  @Mixin RunOptions run;

  @Override
  public Integer call() throws IOException {
    int t = run.threads();
    TaskSpec taskSpec = TaskOptions.read(task);
    Binding binding =
        new Binding(
            taskSpec.taskId(),
            TaskOptions.hex(miner, -1, "--miner"),
            TaskOptions.hex(enrollHash, -1, "--enroll-hash"));
    if (Files.exists(out.resolve(ProofDirectory.COMMITMENT))) {
      throw new UserException(out + " already holds a proof; choose another --out");
    }
    DataSets.Split split = TaskOptions.loadData(taskSpec, run.dataDir());
    long start = System.nanoTime();
    ProofDirectory dir = ProofDirectory.create(out);
    Prover.Result r;
    try (Parallel par = Parallel.of(t);
        Progress progress = run.progress("prove", taskSpec.steps())) {
      r = Prover.prove(taskSpec, binding, split, dir, par, progress);
    }
    dir.save(r);
    ObjectNode o = r.commitment().toJson();
    o.put("claimed_accuracy", (double) r.commitment().claimedCorrect() / r.testSamples());
    o.put("test_samples", r.testSamples());
    o.put("steps", taskSpec.steps());
    o.put("transcript_seconds", r.transcriptSeconds());
    o.put("seconds", (System.nanoTime() - start) / 1e9);
    o.put("threads", t);
    o.put("proof", out.toString());
    spec.commandLine().getOut().println(o);
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().println("task id " + Hashes.hex(taskSpec.taskId()));
    return 0;
  }
}

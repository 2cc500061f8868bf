package network.pot.cli.proof;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import network.pot.base.crypto.Challenge;
import network.pot.base.crypto.Sha256;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.proof.Commitment;
import network.pot.proof.ProofDirectory;
import network.pot.proof.TaskSpec;
import network.pot.proof.Verdict;
import network.pot.proof.Verifier;
import network.pot.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pot verify}: checks a proof directory by re-executing challenged segments. */
@Command(
    name = "verify",
    header = "Verify a proof of training by exact re-execution of challenged segments.",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies a proof of training: derives the challenged segments from RANDOMNESS and the",
      "verifier id, checks their Merkle openings, re-executes them bit for bit, and evaluates the",
      "final model against the claimed accuracy. Prints one JSON object: verdict, reasons,",
      "segments, steps_reexecuted, fraction_of_training, seconds. Exit 0 valid, 3 invalid,",
      "2 bad usage or unreadable input."
    })
public final class VerifyCommand extends JsonCommand {
  @Option(names = "--task", required = true, paramLabel = "FILE", description = "Task spec JSON.")
  Path task;

  @Option(
      names = "--proof",
      required = true,
      paramLabel = "DIR",
      description = "Proof directory written by pot prove.")
  Path proof;

  @Option(
      names = "--randomness",
      required = true,
      paramLabel = "HEX",
      description = "32 bytes of challenge randomness (a block hash after the commit).")
  String randomness;

  @Option(
      names = "--samples",
      paramLabel = "q|all",
      description = "Random middle segments to re-execute, or all (default: the task's q).")
  String samples;

  @Option(
      names = "--verifier",
      defaultValue = "00",
      paramLabel = "HEX",
      description =
          "Verifier id; each verifier draws its own segments (default: ${DEFAULT-VALUE}).")
  String verifier;

  @Mixin RunOptions run;

  @Option(
      names = "--fraud-proof",
      paramLabel = "FILE",
      description = "When the proof is invalid for a provable reason, write a fraud proof here.")
  Path fraudProof;

  @Override
  protected int run(ObjectNode o, Output progress) throws IOException {
    int t = run.threads();
    TaskSpec taskSpec = TaskOptions.read(task);
    byte[] r = TaskOptions.hex(randomness, Sha256.SIZE, "--randomness");
    byte[] verifierId = TaskOptions.hex(verifier, -1, "--verifier");
    ProofDirectory dir = ProofDirectory.open(proof);
    Commitment c = dir.commitment();
    List<Integer> segments =
        Challenge.segments(r, verifierId, taskSpec.segments(), sampleCount(taskSpec));
    var split = TaskOptions.loadData(taskSpec, run.dataDir());
    Verdict v;
    try (Parallel par = Parallel.of(t)) {
      // the proof directory stands for its prover: what it did not store is re-trained
      v =
          new Verifier(taskSpec, split, par)
              .verify(c, dir.server(taskSpec, split.train(), par), dir, segments);
    }
    o.setAll(v.toJson());
    o.put("threads", t);
    if (fraudProof != null && v.fraud().isPresent()) {
      Files.writeString(
          fraudProof, v.fraud().get().toJson().toPrettyString() + "\n", StandardCharsets.UTF_8);
      o.put("fraud_proof", fraudProof.toString());
    }
    return v.valid() ? ExitCodes.OK : ExitCodes.REJECTED;
  }

  private int sampleCount(TaskSpec taskSpec) {
    if (samples == null) {
      return taskSpec.samples();
    }
    if (samples.equals("all")) {
      return taskSpec.segments();
    }
    try {
      int q = Integer.parseInt(samples);
      if (q < 0) {
        throw new NumberFormatException();
      }
      return q;
    } catch (NumberFormatException e) {
      throw new UserException("--samples must be a non-negative integer or 'all', got " + samples);
    }
  }
}

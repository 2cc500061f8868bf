package network.pot.cli.proof;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.proof.FraudProof;
import network.pot.proof.ProofDirectory;
import network.pot.proof.TaskSpec;
import network.pot.proof.Verdict;
import network.pot.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pot fraud-check}: checks a fraud proof with one segment's re-execution. */
@Command(
    name = "fraud-check",
    header = "Check a fraud proof with one re-execution.",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a fraud proof (as pot verify --fraud-proof writes it): verifies its openings",
      "against the commitment and re-executes its one segment, or evaluates the final model.",
      "Prints one JSON object: confirmed, reason, segment, detail, seconds. Exit 0 when the",
      "fraud is confirmed, 3 when the proof is refused, 2 on bad usage or unreadable input."
    })
public final class FraudCheckCommand extends JsonCommand {
  @Option(names = "--task", required = true, paramLabel = "FILE", description = "Task spec JSON.")
  Path task;

  @Option(
      names = "--fraud-proof",
      required = true,
      paramLabel = "FILE",
      description = "The fraud proof JSON.")
  Path fraudProof;

  @Option(
      names = "--blobs",
      required = true,
      paramLabel = "DIR",
      description = "A proof directory holding the checkpoint blobs (DIR/blobs/).")
  Path blobs;

  @Mixin RunOptions run;

  @Override
  protected int run(ObjectNode o, Output progress) throws IOException {
    int t = run.threads();
    TaskSpec taskSpec = TaskOptions.read(task);
    if (!Files.isRegularFile(fraudProof)) {
      throw new UserException(fraudProof + ": no such fraud proof file");
    }
    FraudProof proof;
    try {
      proof = FraudProof.parse(Files.readString(fraudProof, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new UserException(fraudProof + ": " + e.getMessage(), e);
    }
    ProofDirectory dir = ProofDirectory.open(blobs);
    var split = TaskOptions.loadData(taskSpec, run.dataDir());
    long t0 = System.nanoTime();
    FraudProof.Check check;
    try (Parallel par = Parallel.of(t)) {
      check = proof.check(taskSpec, split, dir.server(taskSpec, split.train(), par), par);
    }
    o.put("confirmed", check.confirmed());
    if (check.failure() != null) {
      o.put("reason", check.failure().reason().name());
    }
    if (proof.segment() == Verdict.FINAL) {
      o.put("segment", "final");
    } else {
      o.put("segment", proof.segment());
    }
    o.put("detail", check.detail());
    o.put("seconds", (System.nanoTime() - t0) / 1e9);
    return check.confirmed() ? ExitCodes.OK : ExitCodes.REJECTED;
  }
}

package network.pot.cli.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.nn.Model;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pot eval}: test accuracy and model hash of a checkpoint. */
@Command(
    name = "eval",
    header = "Test accuracy and model hash of a checkpoint.",
    mixinStandardHelpOptions = true,
    description =
        "Evaluates a checkpoint on a dataset's test split; prints JSON with test_accuracy and"
            + " model_hash.")
public final class EvalCommand extends JsonCommand {
  @Option(names = "--model", required = true, paramLabel = "CKPT", description = "Checkpoint file.")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset directory.")
  Path data;

  @picocli.CommandLine.Mixin CsvOptions csv;

  @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all processors).")
  Integer threads;

  @Override
  protected void validate() {
    if (threadCount() < 1) {
      throw new UserException("--threads must be positive");
    }
  }

  private int threadCount() {
    return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
  }

  @Override
  protected int run(ObjectNode o, Output progress) throws IOException {
    int t = threadCount();
    Checkpoint.Contents c = Checkpoint.read(model);
    Model m = c.model();
    DataSets.Split split = csv.load(data);
    if (split.test().sampleSize() != m.inputSize()) {
      throw new UserException(
          data
              + ": samples have "
              + split.test().sampleSize()
              + " values, the model takes "
              + m.inputSize());
    }
    int correct;
    try (Parallel par = Parallel.of(t)) {
      correct = Trainer.correct(m, split.test(), par);
    }
    o.put("test_accuracy", (double) correct / split.test().size());
    o.put("test_correct", correct);
    o.put("test_samples", split.test().size());
    o.put("model_hash", Checkpoint.hex(Checkpoint.modelHash(m)));
    o.put("step", c.step());
    return ExitCodes.OK;
  }
}

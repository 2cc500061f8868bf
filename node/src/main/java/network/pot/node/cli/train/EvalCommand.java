package network.pot.node.cli.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import network.pot.node.cli.UserException;
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
public final class EvalCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "CKPT", description = "Checkpoint file.")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset directory.")
  Path data;

  @picocli.CommandLine.Mixin CsvOptions csv;

  @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all processors).")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1) {
      throw new UserException("--threads must be positive");
    }
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
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("test_accuracy", (double) correct / split.test().size());
    o.put("test_correct", correct);
    o.put("test_samples", split.test().size());
    o.put("model_hash", Checkpoint.hex(Checkpoint.modelHash(m)));
    o.put("step", c.step());
    spec.commandLine().getOut().println(o);
    spec.commandLine().getOut().flush();
    return 0;
  }
}

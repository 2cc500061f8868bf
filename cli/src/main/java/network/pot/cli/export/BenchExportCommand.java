package network.pot.cli.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.export.Exporter;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.data.Dataset;
import network.pot.tensor.nn.Model;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.Optimizer;
import network.pot.tensor.optim.OptimizerSpec;
import network.pot.tensor.train.Seeds;
import network.pot.tensor.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pot bench export}: export cost and ONNX Runtime throughput next to the engine's. */
@Command(
    name = "export",
    header = "Export time and size; ONNX Runtime and engine inference throughput.",
    mixinStandardHelpOptions = true,
    description =
        "Trains the mlp and the cnn for a few steps, exports each (best of 20 encodings per"
            + " format), then times inference over the test split: ONNX Runtime on the exported"
            + " graph and the engine's evaluation, both on --threads threads, batches of 500.")
public final class BenchExportCommand extends JsonCommand {
  private static final int BATCH = 500;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset directory.")
  Path data;

  @Option(
      names = "--steps",
      paramLabel = "S",
      defaultValue = "30",
      description = "Training steps before export (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--threads",
      paramLabel = "T",
      defaultValue = "2",
      description = "Threads for both runtimes (default: ${DEFAULT-VALUE}).")
  int threads;

  @Override
  protected void validate() {
    if (threads < 1 || steps < 0) {
      throw new UserException("--threads must be positive and --steps not negative");
    }
  }

  @Override
  protected int run(ObjectNode o, Output progress) throws IOException {
    DataSets.Split split = DataSets.load(data);
    Dataset test = split.test();
    o.put("test_images", test.size());
    o.put("threads", threads);
    for (String name : new String[] {"mlp", "cnn"}) {
      progress.note("bench export: " + name);
      ObjectNode r = o.putObject(name);
      Model m = trained(ModelSpec.preset(name), split.train());
      byte[] onnx = null;
      for (Exporter f : Exporter.values()) {
        long best = Long.MAX_VALUE;
        byte[] b = null;
        for (int i = 0; i < 20; i++) {
          long t0 = System.nanoTime();
          b = f.encode(m, Map.of());
          best = Math.min(best, System.nanoTime() - t0);
        }
        onnx = f == Exporter.ONNX ? b : onnx;
        r.put(f.id() + "_ms", best / 1e6);
        r.put(f.id() + "_bytes", b.length);
      }
      float[] x = new float[BATCH * test.sampleSize()];
      int[] y = new int[BATCH];
      try (OnnxRuntimeModel ort =
          OnnxRuntimeModel.load(onnx, name + ".onnx", test.sampleShape(), threads)) {
        passOnnx(ort, test, x, y); // warm-up
        long t0 = System.nanoTime();
        int correct = passOnnx(ort, test, x, y);
        r.put("onnxruntime_images_per_sec", test.size() / ((System.nanoTime() - t0) / 1e9));
        r.put("onnxruntime_correct", correct);
      }
      try (Parallel par = Parallel.of(threads)) {
        Trainer.correct(m, test, par); // warm-up
        long t0 = System.nanoTime();
        int correct = Trainer.correct(m, test, par);
        r.put("engine_images_per_sec", test.size() / ((System.nanoTime() - t0) / 1e9));
        r.put("engine_correct", correct);
      }
    }
    return ExitCodes.OK;
  }

  private Model trained(ModelSpec spec, Dataset train) {
    Model m = new Model(spec);
    Seeds seeds = Seeds.fromSeed(1);
    m.initialize(seeds.initKey(), seeds.dropoutKey());
    Trainer t =
        new Trainer(
            m, new Optimizer(OptimizerSpec.sgd(0.01f, 0.9f, 0f), m.params()), train, 64, seeds);
    try (Parallel par = Parallel.of(threads)) {
      for (int i = 0; i < steps; i++) {
        t.step(par);
      }
    }
    return m;
  }

  private static int passOnnx(OnnxRuntimeModel ort, Dataset test, float[] x, int[] y)
      throws IOException {
    int correct = 0;
    for (int from = 0; from < test.size(); from += BATCH) {
      int b = Math.min(BATCH, test.size() - from);
      test.slice(from, b, x, y);
      float[] logits = ort.logits(x, b);
      int k = logits.length / b;
      for (int i = 0; i < b; i++) {
        int best = 0;
        for (int j = 1; j < k; j++) {
          if (logits[i * k + j] > logits[i * k + best]) {
            best = j;
          }
        }
        correct += best == y[i] ? 1 : 0;
      }
    }
    return correct;
  }
}

package network.pot.cli.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import network.pot.base.json.Json;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.cli.train.CsvOptions;
import network.pot.tensor.ExecContext;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.data.Dataset;
import network.pot.tensor.nn.Model;
import network.pot.tensor.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pot predict}: a model's class and probability for each test image: a checkpoint run by the
 * engine, or an exported {@code .onnx} file run by ONNX Runtime.
 */
@Command(
    name = "predict",
    header = "Predicted class and probability of each test image, and the accuracy.",
    mixinStandardHelpOptions = true,
    description =
        "Runs a checkpoint (the engine) or an exported .onnx file (ONNX Runtime) on the test split"
            + " of DIR (read as pot eval reads it): one"
            + " line per image (index, predicted class, its softmax probability, true label),"
            + " then the accuracy over those images.")
public final class PredictCommand implements Callable<Integer> {
  private static final int BATCH = 500;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "CKPT|FILE.onnx",
      description = "Checkpoint, or a model pot export wrote as ONNX (name ending .onnx).")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset directory.")
  Path data;

  @Mixin CsvOptions csv;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Only the first N test images (default: all).")
  Integer limit;

  @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all processors).")
  Integer threads;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (limit != null && limit < 1) {
      throw new UserException("--limit must be positive");
    }
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1) {
      throw new UserException("--threads must be positive");
    }
    Output out = Output.of(spec);
    DataSets.Split split = csv.load(data);
    Dataset test = split.test();
    boolean onnx = model.getFileName() != null && model.getFileName().toString().endsWith(".onnx");
    ObjectNode answer = Json.object();
    ArrayNode predictions = answer.putArray("predictions");
    StringBuilder human = new StringBuilder("image\tclass\tprobability\tlabel\n");
    int n = limit == null ? test.size() : Math.min(limit, test.size());
    int correct = 0;
    float[] x = new float[BATCH * test.sampleSize()];
    int[] y = new int[BATCH];
    String hash;
    try (Parallel par = Parallel.of(t);
        OnnxRuntimeModel ort = onnx ? OnnxRuntimeModel.load(model, test.sampleShape(), t) : null) {
      Logits run;
      if (ort != null) {
        run = ort::logits;
        hash = ort.modelHash();
      } else {
        Model m = Checkpoint.read(model).model();
        if (test.sampleSize() != m.inputSize()) {
          throw new UserException(
              data
                  + ": samples have "
                  + test.sampleSize()
                  + " values, the model takes "
                  + m.inputSize());
        }
        ExecContext ctx = new ExecContext(par, false, 0);
        run = (in, b) -> m.forward(in, b, ctx);
        hash = Checkpoint.hex(Checkpoint.modelHash(m));
      }
      for (int from = 0; from < n; from += BATCH) {
        int b = Math.min(BATCH, n - from);
        test.slice(from, b, x, y);
        float[] logits = run.of(x, b);
        int k = logits.length / b;
        for (int i = 0; i < b; i++) {
          int best = argmax(logits, i * k, k);
          double p = softmaxAt(logits, i * k, k, best);
          if (best == y[i]) {
            correct++;
          }
          ObjectNode row = predictions.addObject();
          row.put("index", from + i);
          row.put("class", best);
          row.put("probability", p);
          row.put("label", y[i]);
          human.append(String.format(Locale.ROOT, "%d\t%d\t%.4f\t%d%n", from + i, best, p, y[i]));
        }
      }
    }
    answer.put("correct", correct);
    answer.put("samples", n);
    answer.put("accuracy", (double) correct / n);
    answer.put("model_hash", hash);
    answer.put("runtime", onnx ? "onnxruntime" : "engine");
    human.append(
        String.format(Locale.ROOT, "accuracy %.4f (%d of %d)", (double) correct / n, correct, n));
    return out.answer(answer, json, human.toString(), ExitCodes.OK);
  }

  /** Logits of {@code b} samples, row-major. */
  @FunctionalInterface
  private interface Logits {
    float[] of(float[] x, int b) throws IOException;
  }

  /** The first maximum wins ties, as in the engine's evaluation. */
  private static int argmax(float[] v, int from, int k) {
    int best = 0;
    for (int j = 1; j < k; j++) {
      if (v[from + j] > v[from + best]) {
        best = j;
      }
    }
    return best;
  }

  /** softmax(v)[j], computed in double after subtracting the row maximum. */
  private static double softmaxAt(float[] v, int from, int k, int j) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      max = Math.max(max, v[from + i]);
    }
    double sum = 0;
    for (int i = 0; i < k; i++) {
      sum += Math.exp(v[from + i] - max);
    }
    return Math.exp(v[from + j] - max) / sum;
  }
}

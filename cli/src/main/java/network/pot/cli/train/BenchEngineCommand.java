package network.pot.cli.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.tensor.Gemm;
import network.pot.tensor.Parallel;
import network.pot.tensor.Rng;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.data.Dataset;
import network.pot.tensor.nn.Model;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.Optimizer;
import network.pot.tensor.optim.OptimizerSpec;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Seeds;
import network.pot.tensor.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pot bench engine}: training throughput of the mlp and cnn presets (batch 64, SGD with
 * momentum, after a warm-up) and GEMM speed, as one JSON object.
 */
@Command(
    name = "engine",
    mixinStandardHelpOptions = true,
    description = {
      "Measures the training engine: mlp and cnn training samples/s (batch 64, after warm-up)",
      "and square float32 GEMM GFLOP/s (median of >= 7 timings). Uses Fashion-MNIST when",
      "installed (or --data), else synthetic data of that shape. Prints one JSON object."
    })
public final class BenchEngineCommand extends JsonCommand {
  @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all processors).")
  Integer threads;

  @Option(names = "--data", paramLabel = "DIR", description = "Dataset directory (28x28x1 images).")
  Path data;

  @Option(
      names = "--mlp-steps",
      defaultValue = "600",
      description = "Timed mlp steps (default: ${DEFAULT-VALUE}; warm-up is half as many).")
  int mlpSteps;

  @Option(
      names = "--cnn-steps",
      defaultValue = "60",
      description = "Timed cnn steps (default: ${DEFAULT-VALUE}; warm-up is half as many).")
  int cnnSteps;

  @Option(
      names = "--matmul-sizes",
      split = ",",
      defaultValue = "256,512,1024,2048",
      description = "Square GEMM sizes (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(
      names = "--matmul-seconds",
      defaultValue = "1.0",
      description = "Time spent per GEMM size (default: ${DEFAULT-VALUE}).")
  double matmulSeconds;

  @Override
  protected void validate() {
    if (threadCount() < 1 || mlpSteps < 1 || cnnSteps < 1 || matmulSeconds <= 0) {
      throw new UserException("--threads, step counts and --matmul-seconds must be positive");
    }
  }

  private int threadCount() {
    return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
  }

  @Override
  protected int run(ObjectNode o, Output progress) throws IOException {
    int t = threadCount();
    o.put("threads", t);
    o.put("batch", 64);
    Dataset train = dataset(o);
    try (Parallel par = Parallel.of(t)) {
      trainingFigures(o, "mlp", ModelSpec.mlp(), train, mlpSteps, par);
      trainingFigures(o, "cnn", ModelSpec.cnn(), train, cnnSteps, par);
      ObjectNode mm = o.putObject("matmul_gflops");
      for (int n : sizes) {
        if (n < 1 || n > 8192) {
          throw new UserException("--matmul-sizes must be between 1 and 8192");
        }
        mm.put(Integer.toString(n), gemmGflops(n, par));
      }
    }
    return ExitCodes.OK;
  }

  private Dataset dataset(ObjectNode o) throws IOException {
    Path dir = data != null ? data : TrainOptions.FASHION_MNIST;
    if (data != null || Files.isDirectory(dir)) {
      DataSets.Split s = TrainOptions.loadData(dir);
      o.put("data", dir.toString());
      return s.train();
    }
    int n = 4096;
    Rng rng = new Rng(1);
    float[] x = new float[n * 784];
    int[] y = new int[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextFloat();
    }
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(10);
    }
    o.put("data", "synthetic");
    return new Dataset(x, y, new int[] {28, 28, 1}, 10);
  }

  private static void trainingFigures(
      ObjectNode o, String name, ModelSpec spec, Dataset train, int steps, Parallel par) {
    Model m = new Model(spec);
    Seeds seeds = Seeds.fromSeed(1);
    m.initialize(seeds.initKey(), seeds.dropoutKey());
    Trainer tr =
        new Trainer(
            m, new Optimizer(OptimizerSpec.sgd(0.01f, 0.9f, 0f), m.params()), train, 64, seeds);
    for (int i = 0; i < Math.max(1, steps / 2); i++) {
      tr.step(par);
    }
    long[] stepNanos = new long[steps];
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      long s0 = System.nanoTime();
      tr.step(par);
      stepNanos[i] = System.nanoTime() - s0;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(stepNanos);
    double medianMs = stepNanos[steps / 2] / 1e6;
    o.put(name + "_samples_per_sec", steps * 64 / seconds);
    o.put(name + "_samples_per_sec_median_step", 64 / (medianMs / 1e3));
    o.put(name + "_ms_per_step_median", medianMs);
    o.put(name + "_state_hash", Checkpoint.hex(Checkpoint.stateHash(tr)));
  }

  private double gemmGflops(int n, Parallel par) {
    Rng rng = new Rng(n);
    float[] a = new float[n * n];
    float[] b = new float[n * n];
    float[] c = new float[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = rng.nextFloat() - 0.5f;
      b[i] = rng.nextFloat() - 0.5f;
    }
    Gemm.gemm(par, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, null, false);
    java.util.List<Double> rates = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + (long) (matmulSeconds * 1e9);
    do {
      long t0 = System.nanoTime();
      Gemm.gemm(par, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, null, false);
      double s = (System.nanoTime() - t0) / 1e9;
      rates.add(2.0 * n * n * n / s / 1e9);
    } while (System.nanoTime() < deadline || rates.size() < 7);
    java.util.Collections.sort(rates);
    return rates.get(rates.size() / 2);
  }
}

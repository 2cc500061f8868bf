package network.pot.cli.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.nn.Model;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.Optimizer;
import network.pot.tensor.optim.OptimizerSpec;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Seeds;
import network.pot.tensor.train.Trainer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pot train}: trains a model deterministically and writes checkpoints. */
@Command(
    name = "train",
    header = "Train a model deterministically (same model_hash for any --threads).",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a model on a dataset with the deterministic engine: the same options give the",
      "same model_hash for any --threads and on any machine. Shows progress on stderr; the last",
      "stdout line is one JSON object (steps, train_loss, test_accuracy, model_hash,",
      "samples_per_sec, threads, ...). Writes OUT/model.ckpt and, with --checkpoint-every,",
      "OUT/checkpoints/step-NNNNNNNN.ckpt."
    })
public final class TrainCommand extends JsonCommand {
  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description =
          "Dataset directory: IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
              + " t10k-...) or train.csv + test.csv with a 'label' column.")
  Path data;

  @Option(
      names = "--model",
      defaultValue = "mlp",
      paramLabel = "mlp|cnn|SPEC.json",
      description = "Model preset or JSON spec file (default: ${DEFAULT-VALUE}).")
  String model;

  static final class Length {
    @Option(names = "--epochs", paramLabel = "E", description = "Epochs to train.")
    Integer epochs;

    @Option(names = "--steps", paramLabel = "S", description = "Optimizer steps to train.")
    Long steps;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Length length;

  @picocli.CommandLine.Mixin OptimizerOptions training;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of weights, data order and dropout (default: ${DEFAULT-VALUE}).")
  long seed;

  @picocli.CommandLine.Mixin ThreadsOption threads;

  @picocli.CommandLine.Mixin CsvOptions csv;

  @Option(
      names = "--checkpoint-every",
      paramLabel = "K",
      defaultValue = "0",
      description = "Also write a checkpoint every K steps (default: only the final one).")
  long checkpointEvery;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(
      names = "--resume",
      paramLabel = "CKPT",
      description = "Continue from a checkpoint (its model, optimizer, seeds and batch win).")
  Path resume;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  boolean noProgress;

  @Override
  protected void validate() {
    threads.count();
    if (checkpointEvery < 0) {
      throw new UserException("--checkpoint-every must be >= 0");
    }
  }

  @Override
  protected int run(ObjectNode result, Output progress) throws IOException {
    int t = threads.count();
    DataSets.Split split = csv.load(data);
    Trainer trainer;
    if (resume != null) {
      Checkpoint.Contents c = Checkpoint.read(resume);
      trainer = c.trainer(split.train());
    } else {
      if (training.batch <= 0) {
        throw new UserException("--batch must be positive, got " + training.batch);
      }
      ModelSpec spec = TrainOptions.modelSpec(model);
      Model m = new Model(spec);
      Seeds seeds = Seeds.fromSeed(seed);
      m.initialize(seeds.initKey(), seeds.dropoutKey());
      OptimizerSpec os = training.spec();
      trainer = new Trainer(m, new Optimizer(os, m.params()), split.train(), training.batch, seeds);
    }
    long total = totalSteps(trainer);
    Files.createDirectories(out);
    train(trainer, total, t, split, result);
    return ExitCodes.OK;
  }

  private long totalSteps(Trainer trainer) {
    if (length != null && length.steps != null) {
      if (length.steps <= 0) {
        throw new UserException("--steps must be positive");
      }
      return length.steps;
    }
    int epochs = length != null && length.epochs != null ? length.epochs : 1;
    if (epochs <= 0) {
      throw new UserException("--epochs must be positive");
    }
    return (long) epochs * trainer.stepsPerEpoch();
  }

  /** Trains to step {@code total}, writes the checkpoints and puts the figures into {@code o}. */
  private void train(Trainer trainer, long total, int t, DataSets.Split split, ObjectNode o)
      throws IOException {
    long start = trainer.step();
    if (start >= total) {
      throw new UserException(
          "the checkpoint is already at step " + start + " (asked for " + total + ")");
    }
    double lossSum = 0;
    long lossCount = 0;
    long window = Math.max(1, Math.min(100, total - start));
    long nanos = 0;
    try (Parallel par = Parallel.of(t);
        ProgressBar bar = progressBar(total, start)) {
      while (trainer.step() < total) {
        long t0 = System.nanoTime();
        double loss = trainer.step(par);
        nanos += System.nanoTime() - t0;
        if (!Double.isFinite(loss)) {
          throw new UserException(
              "training diverged at step " + trainer.step() + " (loss " + loss + "); lower --lr");
        }
        if (total - trainer.step() < window) {
          lossSum += loss;
          lossCount++;
        }
        if (bar != null) {
          bar.stepTo(trainer.step());
          bar.setExtraMessage(String.format(java.util.Locale.ROOT, " loss %.4f", loss));
        }
        if (checkpointEvery > 0 && trainer.step() % checkpointEvery == 0) {
          Checkpoint.write(
              trainer,
              out.resolve("checkpoints")
                  .resolve(String.format(java.util.Locale.ROOT, "step-%08d.ckpt", trainer.step())));
        }
      }
      Checkpoint.write(trainer, out.resolve("model.ckpt"));
      int correct = Trainer.correct(trainer.model(), split.test(), par);
      long steps = trainer.step() - start;
      o.put("steps", trainer.step());
      o.put("epochs", (double) trainer.step() / trainer.stepsPerEpoch());
      o.put("batch", trainer.batchSize());
      o.put("train_loss", lossSum / Math.max(1, lossCount));
      o.put("test_accuracy", (double) correct / split.test().size());
      o.put("test_correct", correct);
      o.put("test_samples", split.test().size());
      o.put("model_hash", Checkpoint.hex(Checkpoint.modelHash(trainer.model())));
      o.put("state_hash", Checkpoint.hex(Checkpoint.stateHash(trainer)));
      o.put("samples_per_sec", steps * trainer.batchSize() / (nanos / 1e9));
      o.put("train_seconds", nanos / 1e9);
      o.put("threads", t);
      o.put("model", trainer.model().spec().canonicalJson());
      o.put("parameters", trainer.model().parameterCount());
      o.put("checkpoint", out.resolve("model.ckpt").toString());
      Files.writeString(out.resolve("result.json"), o.toPrettyString() + "\n");
    }
  }

  private ProgressBar progressBar(long total, long start) {
    if (noProgress) {
      return null;
    }
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("train")
            .setInitialMax(total)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .setUpdateIntervalMillis(500)
            .showSpeed()
            .setUnit(" steps", 1)
            .build();
    bar.stepTo(start);
    return bar;
  }
}

package network.pot.cli.proof;

import java.io.IOException;
import java.nio.file.Path;
import network.pot.base.bytes.Hex;
import network.pot.cli.output.UserException;
import network.pot.cli.train.TrainOptions;
import network.pot.proof.TaskSpec;
import network.pot.tensor.data.DataSets;
import picocli.CommandLine.Option;

/**
 * The options that make a task: model, schedule (T, K, q), optimizer and batch. Defaults are the
 * protocol's reference setting: mlp, T = 5000, K = 25, q = 4, SGD lr 0.01 momentum 0.9, batch 64.
 */
public final class TaskOptions {
  @Option(
      names = "--model",
      defaultValue = "mlp",
      paramLabel = "mlp|cnn|SPEC.json",
      description = "Model preset or JSON spec file (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--steps",
      defaultValue = "5000",
      paramLabel = "T",
      description = "Total steps T (default: ${DEFAULT-VALUE}).")
  long steps;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "25",
      paramLabel = "K",
      description = "Checkpoint interval K; T must be a multiple of K (default: ${DEFAULT-VALUE}).")
  long checkpointEvery;

  @Option(
      names = "--samples",
      defaultValue = "4",
      paramLabel = "q",
      description = "Random segments each verifier re-executes (default: ${DEFAULT-VALUE}).")
  int samples;

  @picocli.CommandLine.Mixin network.pot.cli.train.OptimizerOptions training;

  /** The task these options describe over the data in {@code dataDir} (its files are hashed). */
  TaskSpec task(Path dataDir) {
    try {
      return task(TaskSpec.dataHash(dataDir));
    } catch (IOException | IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  /** The task these options describe over the dataset whose content hash is {@code dataHash}. */
  TaskSpec task(byte[] dataHash) {
    try {
      return new TaskSpec(
          dataHash,
          TrainOptions.modelSpec(model),
          training.spec(),
          training.batch,
          steps,
          checkpointEvery,
          samples);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  static TaskSpec read(Path file) {
    try {
      return TaskSpec.read(file);
    } catch (IOException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  /** The task's data from {@code dir}, refused when its content hash differs. */
  static DataSets.Split loadData(TaskSpec task, Path dir) {
    try {
      return task.loadData(dir);
    } catch (IOException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  /** A hex option value; {@code length} bytes, or -1 for any non-empty value. */
  static byte[] hex(String value, int length, String option) {
    try {
      return Hex.decode(value, length, option);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
  }
}

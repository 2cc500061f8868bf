package network.pot.cli.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.cli.output.UserException;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.nn.ModelSpec;

/** Shared helpers for the training commands: resolving model specs and datasets. */
public final class TrainOptions {
  /** Where Debian's {@code dataset-fashion-mnist} package puts its files. */
  public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  private TrainOptions() {}

  /** {@code mlp}, {@code cnn}, or the path of a JSON model spec. */
  public static ModelSpec modelSpec(String model) {
    if (model.equals("mlp") || model.equals("cnn")) {
      return ModelSpec.preset(model);
    }
    Path p = Path.of(model);
    if (!Files.isRegularFile(p)) {
      throw new UserException(
          "--model: '" + model + "' is neither a preset (mlp, cnn) nor a readable spec file");
    }
    try {
      return ModelSpec.parse(Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UserException("--model: cannot read " + p + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new UserException(p + ": " + e.getMessage(), e);
    }
  }

  /** Loads a dataset directory with one-line errors. */
  public static DataSets.Split loadData(Path dir) {
    return loadData(dir, "label", 1f);
  }

  /** Loads a dataset directory (CSV: the named label column, features times scale). */
  public static DataSets.Split loadData(Path dir, String labelColumn, float csvScale) {
    try {
      return DataSets.load(dir, labelColumn, csvScale);
    } catch (IOException e) {
      throw new UserException(e.getMessage(), e);
    }
  }
}

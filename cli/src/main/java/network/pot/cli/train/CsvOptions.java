package network.pot.cli.train;

import java.nio.file.Path;
import network.pot.tensor.data.DataSets;
import picocli.CommandLine.Option;

/** How CSV datasets are read: a picocli mixin shared by the commands that load data. */
public final class CsvOptions {
  @Option(
      names = "--label-column",
      defaultValue = "label",
      description = "CSV data: the label column's name (default: ${DEFAULT-VALUE}).")
  String labelColumn;

  @Option(
      names = "--csv-scale",
      defaultValue = "1",
      description = "CSV data: multiply every feature by this (e.g. 0.00392157 for 0-255 pixels).")
  float csvScale;

  /** Loads {@code dir} (IDX, or CSV read with these options) with one-line errors. */
  public DataSets.Split load(Path dir) {
    return TrainOptions.loadData(dir, labelColumn, csvScale);
  }
}

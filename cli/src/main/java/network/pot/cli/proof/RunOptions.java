package network.pot.cli.proof;

import java.nio.file.Path;
import network.pot.cli.train.ThreadsOption;
import network.pot.cli.train.TrainOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every proof command that runs the engine shares: the dataset and the threads. */
public final class RunOptions {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Dataset directory; its content hash must be the task's data_hash (default: the"
              + " Fashion-MNIST package's directory).")
  Path data;

  @Mixin ThreadsOption threads;

  @Option(names = "--no-progress", description = "Do not draw progress bars.")
  boolean noProgress;

  Path dataDir() {
    return data != null ? data : TrainOptions.FASHION_MNIST;
  }

  int threads() {
    return threads.count();
  }

  /** A progress display of {@code total} steps on stderr (silent with --no-progress). */
  Progress progress(String name, long total) {
    return new Progress(name, total, !noProgress);
  }
}

package network.pot.node.cli.proof;

import java.nio.file.Path;
import network.pot.node.cli.UserException;
import network.pot.node.cli.train.TrainOptions;
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

  @Option(
      names = "--threads",
      paramLabel = "T",
      description = "Threads (default: all processors). Results do not depend on it.")
  Integer threads;

  @Option(names = "--no-progress", description = "Do not draw progress bars.")
  boolean noProgress;

  Path dataDir() {
    return data != null ? data : TrainOptions.FASHION_MNIST;
  }

  int threads() {
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1 || t > 1024) {
      throw new UserException("--threads must be between 1 and 1024, got " + t);
    }
    return t;
  }

  /** A progress display of {@code total} steps on stderr (silent with --no-progress). */
  Progress progress(String name, long total) {
    return new Progress(name, total, !noProgress);
  }
}

package network.pot.cli.train;

import network.pot.cli.output.UserException;
import picocli.CommandLine.Option;

/** {@code --threads} of the commands that run the engine, whose results do not depend on it. */
public final class ThreadsOption {
  @Option(
      names = "--threads",
      paramLabel = "T",
      description = "Threads (default: all processors). Results do not depend on it.")
  Integer threads;

  /** The thread count: the option's, else every processor; 1 to 1024. */
  public int count() {
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1 || t > 1024) {
      throw new UserException("--threads must be between 1 and 1024, got " + t);
    }
    return t;
  }
}

package network.pot.cli;

/** Entry point of the {@code pot} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (0 ok, 2 bad usage or unreadable input). */
  public static int run(String... args) {
    return PotCommand.commandLine().execute(args);
  }
}

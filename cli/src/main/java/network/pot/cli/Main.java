package network.pot.cli;

/** Entry point of the {@code pot} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    chooseLogFormat(args, System.getenv("POT_LOG_FORMAT"));
    System.exit(run(args));
  }

  /**
   * Logs as one JSON object per line (Logback's JSON encoder, {@code logback-json.xml}) when asked
   * by {@code --log-format json} or {@code POT_LOG_FORMAT=json}, as text otherwise. Decided before
   * the first logger exists, which is when Logback reads its configuration; a configuration file
   * the operator named ({@code -Dlogback.configurationFile}, other than the packaged text one that
   * node processes are started with) wins.
   */
  static void chooseLogFormat(String[] args, String env) {
    String format = env == null ? "text" : env;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--log-format") && i + 1 < args.length) {
        format = args[i + 1];
      } else if (args[i].startsWith("--log-format=")) {
        format = args[i].substring("--log-format=".length());
      }
    }
    String named = System.getProperty("logback.configurationFile");
    if (format.equals("json") && (named == null || named.equals("logback.xml"))) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
  }

  /** Runs the CLI and returns its exit code (0 ok, 2 bad usage or unreadable input). */
  public static int run(String... args) {
    return PotCommand.commandLine().execute(args);
  }
}

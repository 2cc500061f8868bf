package network.pot.cli.output;

/** Exit codes shared by every {@code pot} command. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** An unexpected internal failure (a bug): a stack trace is printed. */
  public static final int INTERNAL = 1;

  /**
   * The node a command talks to could not be reached (refused, timed out): one line on stderr, no
   * stack trace.
   */
  public static final int UNREACHABLE = 1;

  /** Bad usage or unreadable input: one line on stderr, no stack trace. */
  public static final int USAGE = 2;

  /** The command ran and its answer is "no" (for example, a proof is invalid). */
  public static final int REJECTED = 3;

  private ExitCodes() {}
}

package network.pot.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import network.pot.base.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How every {@code pot} command talks to its user, in one place:
 *
 * <ul>
 *   <li>an answer meant for programs is exactly one JSON object, the last line on stdout ({@link
 *       #json}); a command that a person watches prints human-readable text by default and the JSON
 *       line only with {@code --json} ({@link #answer});
 *   <li>progress and notes go to stderr ({@link #note}), so that stdout stays parseable;
 *   <li>an error is one line on stderr, {@code "<command>: <message>"} ({@link #error}); bad input
 *       exits {@link ExitCodes#USAGE} (2), a negative answer {@link ExitCodes#REJECTED} (3), a bug
 *       {@link ExitCodes#INTERNAL} (1) with its stack trace ({@link #handle}); a node that cannot
 *       be reached is one line and {@link ExitCodes#UNREACHABLE} (1).
 * </ul>
 *
 * <p>Everything goes to the command line's writers, so a caller that replaces them (a test running
 * a command in-process) sees all of it.
 */
public final class Output {
  private final String command;
  private final PrintWriter out;
  private final PrintWriter err;

  private Output(String command, PrintWriter out, PrintWriter err) {
    this.command = command;
    this.out = out;
    this.err = err;
  }

  /**
   * A picocli command line for {@code command} with the project's conventions: usage help 100
   * columns wide (descriptions are written as lines of up to ~95 characters; picocli would re-wrap
   * them at 80) and {@link #handle} for failures (one line, the documented exit code). Usage errors
   * exit 2, picocli's default.
   */
  public static CommandLine commandLine(Object command) {
    CommandLine cl = new CommandLine(command);
    cl.setUsageHelpWidth(100);
    cl.setExecutionExceptionHandler(Output::handle);
    return cl;
  }

  /** The output of the command that {@code spec} describes. */
  public static Output of(CommandSpec spec) {
    CommandLine cl = spec.commandLine();
    return new Output(spec.qualifiedName(), cl.getOut(), cl.getErr());
  }

  /** Prints {@code answer} as one line of JSON on stdout; returns {@link ExitCodes#OK}. */
  public int json(JsonNode answer) {
    return json(answer, ExitCodes.OK);
  }

  /** Prints {@code answer} as one line of JSON on stdout; returns {@code exitCode}. */
  public int json(JsonNode answer, int exitCode) {
    return json(Json.write(answer), exitCode);
  }

  /**
   * Prints a document that is JSON already, in a form of its own (a canonical encoding), as the
   * answer line on stdout; returns {@code exitCode}.
   */
  public int json(String document, int exitCode) {
    say(document);
    return exitCode;
  }

  /**
   * The answer of a command that a person usually watches: with {@code asJson} one JSON line, else
   * {@code human} (which may span lines). Returns {@code exitCode}.
   */
  public int answer(JsonNode answer, boolean asJson, String human, int exitCode) {
    if (asJson) {
      return json(answer, exitCode);
    }
    say(human);
    return exitCode;
  }

  /** Human-readable progress on stdout, for the commands whose stdout a person reads. */
  public void say(String text) {
    out.println(text);
    out.flush();
  }

  /** A line on stderr: progress, or a note beside the answer. */
  public void note(String line) {
    err.println(line);
    err.flush();
  }

  /** Reports a failure as one line on stderr, {@code "<command>: <message>"}; returns the code. */
  public int error(String message, int exitCode) {
    note(command + ": " + message);
    return exitCode;
  }

  /**
   * Turns what a command threw into its exit code: an input problem becomes one line on stderr and
   * {@link ExitCodes#USAGE}; anything else is a bug and keeps its stack trace ({@link
   * ExitCodes#INTERNAL}). The command line's execution exception handler.
   */
  public static int handle(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
    Output o = of(cmd.getCommandSpec());
    if (ex instanceof NodeUnreachableException) {
      return o.error(ex.getMessage(), ExitCodes.UNREACHABLE);
    }
    if (isInputProblem(ex)) {
      return o.error(ex.getMessage(), ExitCodes.USAGE);
    }
    ex.printStackTrace(o.err);
    o.err.flush();
    return ExitCodes.INTERNAL;
  }

  /** Whether {@code ex} is the user's input at fault rather than a bug. */
  static boolean isInputProblem(Throwable ex) {
    return ex instanceof UserException
        || ex instanceof IllegalArgumentException
        || ex instanceof IOException
        || ex instanceof UncheckedIOException;
  }
}

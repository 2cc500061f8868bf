package network.pot.node.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns exceptions into exit codes: input problems become one line on stderr and exit 2, anything
 * else is a bug and keeps its stack trace.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
    if (isInputProblem(ex)) {
      cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
      cmd.getErr().flush();
      return ExitCodes.USAGE;
    }
    ex.printStackTrace(cmd.getErr());
    return ExitCodes.INTERNAL;
  }

  static boolean isInputProblem(Throwable ex) {
    return ex instanceof UserException
        || ex instanceof IllegalArgumentException
        || ex instanceof IOException
        || ex instanceof UncheckedIOException;
  }
}

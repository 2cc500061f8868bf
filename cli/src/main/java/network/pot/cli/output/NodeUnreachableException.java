package network.pot.cli.output;

/**
 * The node a command talks to did not answer (connection refused, timed out, no HTTP). The CLI
 * prints its message as one line and exits {@link ExitCodes#UNREACHABLE}.
 */
public class NodeUnreachableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NodeUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}

package network.pot.cli.output;

/**
 * An expected failure caused by the user's input (a missing file, a corrupt dataset, a bad option
 * value). The CLI prints its message as one line and exits {@link ExitCodes#USAGE}.
 */
public class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}

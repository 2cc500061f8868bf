package network.pot.cli.tx;

import java.io.IOException;
import java.nio.file.Path;
import network.pot.cli.client.NodeOption;
import network.pot.cli.keys.Passphrase;
import network.pot.cli.output.UserException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every transaction command shares: who signs, which node, what fee, how to wait. The
 * key file and its passphrase file default to the environment variables {@code POT_KEY} and {@code
 * POT_PASSPHRASE_FILE} (the devnet's {@code env.sh} sets both, with {@code POT_NODE}).
 */
public final class TxOptions {
  /** The environment variable naming the default key file. */
  public static final String KEY_ENV = "POT_KEY";

  /** The environment variable naming the default passphrase file. */
  public static final String PASSPHRASE_ENV = "POT_PASSPHRASE_FILE";

  @Option(
      names = "--key",
      paramLabel = "FILE",
      defaultValue = "${env:" + KEY_ENV + "}",
      description =
          "Encrypted key file of the sending account (as `pot keys new` writes; default: $"
              + KEY_ENV
              + ").")
  Path key;

  @Mixin Passphrase passphrase = new Passphrase();

  @Mixin NodeOption node = new NodeOption();

  @Option(
      names = "--fee",
      paramLabel = "N",
      description = "Fee to pay (default: the chain's minimum fee, read from the node).")
  Long fee;

  @Option(
      names = "--no-wait",
      description = "Return once the node admitted the transaction, not when it is in a block.")
  boolean noWait;

  @Option(
      names = "--timeout",
      defaultValue = "60",
      paramLabel = "SECONDS",
      description = "How long to wait for the transaction to be final (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  /**
   * The passphrase of {@link #key}: from {@code --passphrase-file}, else from the file {@code
   * POT_PASSPHRASE_FILE} names, else asked on the console.
   */
  char[] readPassphrase() throws IOException {
    return passphrase.read(false, System.getenv(PASSPHRASE_ENV));
  }

  /** The node as {@code host:port}; neither {@code --node} nor {@code POT_NODE} is bad input. */
  String hostPort() {
    return node.hostPort();
  }

  /** Checks the options that need no node. */
  void validate() {
    if (key == null) {
      throw new UserException("no key given: pass --key FILE or set " + KEY_ENV);
    }
    if (fee != null && fee < 0) {
      throw new UserException("--fee must not be negative");
    }
    if (timeoutSeconds < 1) {
      throw new UserException("--timeout must be at least 1 second");
    }
  }
}

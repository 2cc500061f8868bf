package network.pot.cli.tx;

import java.nio.file.Path;
import network.pot.cli.client.NodeOption;
import network.pot.cli.keys.Passphrase;
import network.pot.cli.output.UserException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every transaction command shares: who signs, which node, what fee, how to wait. */
public final class TxOptions {
  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description = "Encrypted key file of the sending account (as `pot keys new` writes).")
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

  /** The node as {@code host:port}; neither {@code --node} nor {@code POT_NODE} is bad input. */
  String hostPort() {
    return node.hostPort();
  }

  /** Checks the options that need no node. */
  void validate() {
    if (fee != null && fee < 0) {
      throw new UserException("--fee must not be negative");
    }
    if (timeoutSeconds < 1) {
      throw new UserException("--timeout must be at least 1 second");
    }
  }
}

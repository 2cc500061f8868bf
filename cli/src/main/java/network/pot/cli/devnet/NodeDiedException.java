package network.pot.cli.devnet;

import java.io.IOException;

/**
 * A devnet node's process ended while the devnet still needed it: the message is one line naming
 * the node, its exit code and its log.
 */
public final class NodeDiedException extends IOException {
  private static final long serialVersionUID = 1L;

  public NodeDiedException(String message) {
    super(message);
  }
}

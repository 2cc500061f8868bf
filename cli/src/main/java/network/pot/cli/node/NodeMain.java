package network.pot.cli.node;

import network.pot.cli.output.Output;

/**
 * The entry point of a node process: {@code pot node}'s options and behaviour, without the rest of
 * the command line. {@code pot devnet} starts each node's JVM at this class.
 */
public final class NodeMain {
  private NodeMain() {}

  /**
   * Runs {@code pot node} with {@code args} (e.g. {@code --config FILE}) and exits with its code.
   */
  public static void main(String[] args) {
    System.exit(Output.commandLine(new NodeCommand()).execute(args));
  }
}

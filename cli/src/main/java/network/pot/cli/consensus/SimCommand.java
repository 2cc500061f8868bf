package network.pot.cli.consensus;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pot sim ...}: deterministic simulations; each prints one JSON object on stdout. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = "Deterministic simulations; each prints one JSON object on stdout.",
    subcommands = {SimConsensusCommand.class})
public final class SimCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}

package network.pot.node.cli;

import network.pot.node.cli.consensus.BenchConsensusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pot bench ...}: benchmarks that print their figures as one JSON object. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks; each prints one JSON object on stdout.",
    subcommands = {BenchConsensusCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}

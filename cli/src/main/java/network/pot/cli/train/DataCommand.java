package network.pot.cli.train;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pot data ...}: dataset tools. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Dataset tools.",
    subcommands = {DataSubsetCommand.class})
public final class DataCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}

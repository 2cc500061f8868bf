package network.pot.cli.experiment;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pot experiment ...}: experiments that write a report and plots to a directory. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = "Experiments; each writes report.json and PNG plots to --out.",
    subcommands = {CollaborativeExperimentCommand.class})
public final class ExperimentCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}

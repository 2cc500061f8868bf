package network.pot.cli.model;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pot model ...}: published models and where they come from. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description =
        "Published models: check a model file and its provenance against the chain (pot task"
            + " model fetches a settled task's winning model).",
    subcommands = {ModelVerifyCommand.class})
public final class ModelCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}

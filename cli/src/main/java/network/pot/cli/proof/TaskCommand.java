package network.pot.cli.proof;

import network.pot.cli.model.TaskModelCommand;
import network.pot.cli.query.TaskListCommand;
import network.pot.cli.query.TaskShowCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pot task ...}: training tasks as publishers post them. */
@Command(
    name = "task",
    mixinStandardHelpOptions = true,
    description =
        "Training tasks: write a task spec that provers and verifiers share; publish a task on a"
            + " registered dataset; list and show the tasks on the chain; fetch a settled task's"
            + " winning model.",
    subcommands = {
      TaskTemplateCommand.class,
      TaskPublishCommand.class,
      TaskListCommand.class,
      TaskShowCommand.class,
      TaskModelCommand.class
    })
public final class TaskCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}

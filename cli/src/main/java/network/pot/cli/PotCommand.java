package network.pot.cli;

import network.pot.cli.chain.TxCommand;
import network.pot.cli.consensus.SimCommand;
import network.pot.cli.devnet.DevnetCommand;
import network.pot.cli.experiment.ExperimentCommand;
import network.pot.cli.export.ExportCommand;
import network.pot.cli.export.PredictCommand;
import network.pot.cli.genesis.GenesisCommand;
import network.pot.cli.keys.KeysCommand;
import network.pot.cli.model.ModelCommand;
import network.pot.cli.node.InitCommand;
import network.pot.cli.node.NodeCommand;
import network.pot.cli.output.Output;
import network.pot.cli.proof.FraudCheckCommand;
import network.pot.cli.proof.ProveCommand;
import network.pot.cli.proof.TaskCommand;
import network.pot.cli.proof.VerifyCommand;
import network.pot.cli.query.QueryCommand;
import network.pot.cli.query.StatusCommand;
import network.pot.cli.query.WaitCommand;
import network.pot.cli.storage.StorageCommand;
import network.pot.cli.train.DataCommand;
import network.pot.cli.train.EvalCommand;
import network.pot.cli.train.TrainCommand;
import network.pot.cli.tx.DatasetCommand;
import network.pot.cli.tx.FraudCommand;
import network.pot.cli.tx.GovCommand;
import network.pot.cli.tx.SendCommand;
import network.pot.cli.tx.StakeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root {@code pot} command: every subcommand of the node's command line hangs here. */
@Command(
    name = "pot",
    mixinStandardHelpOptions = true,
    versionProvider = PotCommand.Version.class,
    description = "The PoT Network: a Proof-of-Training blockchain node and its tools.",
    subcommands = {
      InitCommand.class,
      GenesisCommand.class,
      NodeCommand.class,
      DevnetCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      ExportCommand.class,
      PredictCommand.class,
      ModelCommand.class,
      DataCommand.class,
      TxCommand.class,
      KeysCommand.class,
      StatusCommand.class,
      WaitCommand.class,
      QueryCommand.class,
      SendCommand.class,
      StakeCommand.class,
      GovCommand.class,
      FraudCommand.class,
      DatasetCommand.class,
      SimCommand.class,
      TaskCommand.class,
      ProveCommand.class,
      VerifyCommand.class,
      FraudCheckCommand.class,
      StorageCommand.class,
      BenchCommand.class,
      ExperimentCommand.class,
      CommandLine.HelpCommand.class
    })
public final class PotCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** A command line with the project's error handling: usage errors exit 2 (picocli's default). */
  public static CommandLine commandLine() {
    return Output.commandLine(new PotCommand());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = PotCommand.class.getPackage().getImplementationVersion();
      return new String[] {"pot " + (v == null ? "dev" : v)};
    }
  }
}

package network.pot.cli;

import network.pot.cli.chain.LedgerBenchCommand;
import network.pot.cli.consensus.BenchConsensusCommand;
import network.pot.cli.devnet.BenchDevnetCommand;
import network.pot.cli.export.BenchExportCommand;
import network.pot.cli.p2p.BenchP2pCommand;
import network.pot.cli.proof.BenchHashCommand;
import network.pot.cli.proof.BenchProofCommand;
import network.pot.cli.train.BenchEngineCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pot bench ...}: benchmarks that print their figures as one JSON object. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks; each prints one JSON object on stdout.",
    subcommands = {
      BenchEngineCommand.class,
      BenchProofCommand.class,
      BenchHashCommand.class,
      LedgerBenchCommand.class,
      BenchConsensusCommand.class,
      BenchP2pCommand.class,
      BenchDevnetCommand.class,
      BenchExportCommand.class
    })
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}

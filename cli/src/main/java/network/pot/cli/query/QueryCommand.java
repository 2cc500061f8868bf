package network.pot.cli.query;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pot query ...}: read the chain's state from a running node. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = "Read the chain's state from a node (--node URL or $POT_NODE).",
    subcommands = {
      AccountQuery.class,
      ValidatorsQuery.class,
      ValidatorQuery.class,
      DelegationsQuery.class,
      RewardsQuery.class,
      UnbondingsQuery.class,
      ParamsQuery.class,
      SupplyQuery.class,
      TxQuery.class,
      HistoryQuery.class
    })
public final class QueryCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}

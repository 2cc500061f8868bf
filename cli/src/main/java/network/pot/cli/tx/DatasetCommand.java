package network.pot.cli.tx;

import network.pot.cli.query.DatasetListCommand;
import network.pot.cli.query.DatasetShowCommand;
import picocli.CommandLine.Command;

/** {@code pot dataset}: register a dataset, and read the datasets registered on chain. */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    description =
        "Datasets: register one (the node you talk to then holds and serves it); list and show"
            + " those on chain with owner, licence, fee per use, uses and earnings.",
    subcommands = {
      DatasetRegisterCommand.class,
      DatasetListCommand.class,
      DatasetShowCommand.class
    })
public final class DatasetCommand {}

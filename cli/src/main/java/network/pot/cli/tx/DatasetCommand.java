package network.pot.cli.query;

import picocli.CommandLine.Command;

/** {@code pot dataset}: the datasets registered on chain. */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    description = "Datasets registered on chain: owner, licence, fee per use, uses and earnings.",
    subcommands = {DatasetListCommand.class, DatasetShowCommand.class})
public final class DatasetCommand {}

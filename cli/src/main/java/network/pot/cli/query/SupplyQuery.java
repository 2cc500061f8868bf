package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import network.pot.cli.client.NodeOption;
import picocli.CommandLine.Command;

/** {@code pot query supply}: the supply audit. */
@Command(
    name = "supply",
    mixinStandardHelpOptions = true,
    description = "The supply audit: where every token is, and whether they add up.")
public final class SupplyQuery extends NodeQuery {
  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return node.call("pot_supply");
  }
}

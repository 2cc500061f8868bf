package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import network.pot.cli.client.NodeOption;
import picocli.CommandLine.Command;

/** {@code pot query params}: the chain parameters. */
@Command(
    name = "params",
    mixinStandardHelpOptions = true,
    description = "The chain parameters, by the names governance changes them under.")
public final class ParamsQuery extends NodeQuery {
  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return node.call("pot_getParams");
  }
}

package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import network.pot.base.json.Json;
import network.pot.cli.client.NodeOption;
import picocli.CommandLine.Command;

/** {@code pot gov list}: every governance proposal. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Every governance proposal: title, action, status, deposits, votes, tally.")
public final class GovListCommand extends NodeQuery {
  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return Json.object().set("proposals", node.call("pot_getProposals"));
  }
}

package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import network.pot.cli.client.NodeOption;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pot gov show ID}: one governance proposal. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description =
        "One governance proposal: title, action, status, end height, deposits, votes, tally.")
public final class GovShowCommand extends NodeQuery {
  @Parameters(paramLabel = "ID", description = "The proposal's id.")
  long id;

  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return node.call("pot_getProposal", RpcClient.params().put("id", id));
  }
}

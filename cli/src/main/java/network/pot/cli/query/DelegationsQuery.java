package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import network.pot.cli.client.NodeOption;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pot query delegations ADDR}: an address's delegations. */
@Command(
    name = "delegations",
    mixinStandardHelpOptions = true,
    description = "The delegations of an address: validator, shares, amount and pending reward.")
public final class DelegationsQuery extends NodeQuery {
  @Parameters(paramLabel = "ADDR", description = "The delegator's address (pot1...).")
  String address;

  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return node.call("pot_getDelegations", RpcClient.params().put("address", address));
  }
}

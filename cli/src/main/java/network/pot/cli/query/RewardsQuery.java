package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import network.pot.cli.client.NodeOption;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pot query rewards ADDR}: what withdrawing rewards would pay now. */
@Command(
    name = "rewards",
    mixinStandardHelpOptions = true,
    description = "The rewards an address can withdraw now: the total and per validator.")
public final class RewardsQuery extends NodeQuery {
  @Parameters(paramLabel = "ADDR", description = "The delegator's address (pot1...).")
  String address;

  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return node.call("pot_getRewards", RpcClient.params().put("address", address));
  }
}

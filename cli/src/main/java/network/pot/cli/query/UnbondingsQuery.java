package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import network.pot.cli.client.NodeOption;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pot query unbondings ADDR}: unbonding stake and redelegations. */
@Command(
    name = "unbondings",
    mixinStandardHelpOptions = true,
    description =
        "The stake an address is unbonding (amount, completion height) and its redelegations.")
public final class UnbondingsQuery extends NodeQuery {
  @Parameters(paramLabel = "ADDR", description = "The delegator's address (pot1...).")
  String address;

  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return node.call("pot_getUnbondings", RpcClient.params().put("address", address));
  }
}

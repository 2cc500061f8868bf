package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import network.pot.cli.client.NodeOption;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pot query validator ADDR}: one validator's stake and standing. */
@Command(
    name = "validator",
    mixinStandardHelpOptions = true,
    description = "One validator: tokens, commission, jailed, active, missed blocks.")
public final class ValidatorQuery extends NodeQuery {
  @Parameters(paramLabel = "ADDR", description = "The validator's address (pot1...).")
  String address;

  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return node.call("pot_getValidator", RpcClient.params().put("address", address));
  }
}

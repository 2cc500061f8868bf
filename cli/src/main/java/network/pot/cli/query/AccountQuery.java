package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import network.pot.cli.client.NodeOption;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pot query account ADDR}: an account's balance and nonce. */
@Command(
    name = "account",
    mixinStandardHelpOptions = true,
    description = "An account: its balance and nonce.")
public final class AccountQuery extends NodeQuery {
  @Parameters(paramLabel = "ADDR", description = "The account's address (pot1...).")
  String address;

  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return node.call("pot_getAccount", RpcClient.params().put("address", address));
  }
}

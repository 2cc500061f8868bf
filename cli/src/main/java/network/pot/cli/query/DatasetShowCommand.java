package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import network.pot.cli.client.NodeOption;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pot dataset show HASH}: one registered dataset. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "One registered dataset: owner, licence, fee per use, registration height.")
public final class DatasetShowCommand extends NodeQuery {
  @Parameters(paramLabel = "HASH", description = "The dataset's content hash (hex).")
  String hash;

  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return node.call("pot_getDataset", RpcClient.params().put("hash", hash));
  }
}

package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import network.pot.cli.client.NodeOption;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pot task show ID}: one training task. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "One training task: spec hash, terms, miners with status and model hash.")
public final class TaskShowCommand extends NodeQuery {
  @Parameters(paramLabel = "ID", description = "The task's id (hex).")
  String id;

  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return node.call("pot_getTask", RpcClient.params().put("id", id));
  }
}

package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import network.pot.base.json.Json;
import network.pot.cli.client.NodeOption;
import picocli.CommandLine.Command;

/** {@code pot task list}: every training task on the chain. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Every training task: terms, settlement, miners and their status.")
public final class TaskListCommand extends NodeQuery {
  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return Json.object().set("tasks", node.call("pot_getTasks"));
  }
}

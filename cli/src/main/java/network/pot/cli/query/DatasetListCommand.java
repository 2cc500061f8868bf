package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import network.pot.base.json.Json;
import network.pot.cli.client.NodeOption;
import picocli.CommandLine.Command;

/** {@code pot dataset list}: every registered dataset. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Every registered dataset: hash, owner, licence, fee per use.")
public final class DatasetListCommand extends NodeQuery {
  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return Json.object().set("datasets", node.call("pot_getDatasets"));
  }
}

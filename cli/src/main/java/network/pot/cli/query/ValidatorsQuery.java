package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import network.pot.base.json.Json;
import network.pot.cli.client.NodeOption;
import picocli.CommandLine.Command;

/** {@code pot query validators}: the active validator set. */
@Command(
    name = "validators",
    mixinStandardHelpOptions = true,
    description = "The active validators: address, power and whether jailed.")
public final class ValidatorsQuery extends NodeQuery {
  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return Json.object().set("validators", node.call("pot_getValidators"));
  }
}

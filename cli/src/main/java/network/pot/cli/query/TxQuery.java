package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import network.pot.cli.client.NodeOption;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pot query tx HASH}: where a transaction stands, what it was and what it did. */
@Command(
    name = "tx",
    mixinStandardHelpOptions = true,
    description =
        "Where a transaction stands (accepted or rejected in a block, pending or unknown), its"
            + " body, and the events it caused.")
public final class TxQuery extends NodeQuery {
  @Parameters(paramLabel = "HASH", description = "The transaction's hash (hex).")
  String hash;

  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return node.call("pot_getTransaction", RpcClient.params().put("hash", hash));
  }

  @Override
  protected String human(JsonNode answer) {
    JsonNode events = answer.path("events");
    if (!events.isArray()) {
      return Text.render(answer);
    }
    ObjectNode rest = answer.deepCopy();
    rest.remove("events");
    return (Text.render(rest)
            + "\nevents:"
            + (events.isEmpty() ? " none" : "\n" + EventText.lines(events, "  ")))
        .stripTrailing();
  }
}

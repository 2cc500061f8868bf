package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import network.pot.cli.client.NodeOption;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pot query history ADDR}: an account's transactions and what they did, newest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "An account's history, newest first: its transactions and the blocks that paid or took"
            + " its tokens, each with its events and the balance change.")
public final class HistoryQuery extends NodeQuery {
  @Parameters(paramLabel = "ADDR", description = "The account's address (pot1...).")
  String address;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Entries per page (default ${DEFAULT-VALUE}).",
      defaultValue = "20")
  int limit;

  @Option(
      names = "--before",
      paramLabel = "CURSOR",
      description = "Only entries older than this cursor (the `next` of the previous page).")
  String before;

  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    ObjectNode p = RpcClient.params().put("address", address).put("limit", limit);
    if (before != null) {
      p.put("before", before);
    }
    return node.call("pot_getHistory", p);
  }

  @Override
  protected String human(JsonNode answer) {
    StringBuilder b = new StringBuilder();
    b.append("history of ").append(answer.path("address").asText()).append('\n');
    JsonNode entries = answer.path("entries");
    if (entries.isEmpty()) {
      b.append("no entries\n");
    }
    for (JsonNode e : entries) {
      long delta = e.path("balance_change").asLong();
      b.append(e.path("cursor").asText()).append("  ");
      if (e.path("kind").asText().equals("block")) {
        b.append("block ").append(e.path("height").asLong());
      } else {
        b.append(e.path("type").asText())
            .append(' ')
            .append(e.path("outcome").asText())
            .append(' ')
            .append(e.path("hash").asText());
      }
      b.append("  balance ").append(delta > 0 ? "+" : "").append(delta).append('\n');
      b.append(EventText.lines(e.path("events"), "    "));
    }
    JsonNode next = answer.path("next");
    if (!next.isNull() && !next.isMissingNode()) {
      b.append("more: --before ").append(next.asText()).append('\n');
    }
    return b.toString().stripTrailing();
  }
}

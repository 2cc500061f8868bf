package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import network.pot.cli.client.NodeOption;
import picocli.CommandLine.Command;

/** {@code pot status}: the node, its chain head, peers and mempool. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "The node: its chain head, peers, mempool and work.")
public final class StatusCommand extends NodeQuery {
  @Override
  protected JsonNode query(NodeOption node) throws IOException {
    return node.call("pot_status");
  }
}

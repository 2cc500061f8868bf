package network.pot.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import network.pot.cli.output.NodeUnreachableException;
import network.pot.cli.output.UserException;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.Option;

/**
 * The {@code --node URL} option of every command that talks to a running node (a picocli mixin:
 * {@code @Mixin NodeOption node;}). The URL is {@code host:port} or {@code http://host:port}; it
 * defaults to the environment variable {@code POT_NODE}. Without either, the command fails with one
 * line and exit 2 ({@link UserException}); a node that does not answer fails with one line, {@code
 * cannot reach the node at URL}, and exit 1 ({@link NodeUnreachableException}); an error the node
 * answers with (a bad address, an unknown id) is one line and exit 2.
 */
public final class NodeOption {
  /** The environment variable naming the default node. */
  public static final String ENV = "POT_NODE";

  @Option(
      names = "--node",
      paramLabel = "URL",
      defaultValue = "${env:" + ENV + "}",
      description =
          "The node's JSON-RPC address, host:port or http://host:port (default: $POT_NODE).")
  String node;

  /** The node's {@code host:port}; a missing or malformed URL is a {@link UserException}. */
  public String hostPort() {
    if (node == null || node.isBlank()) {
      throw new UserException("no node given: pass --node URL or set " + ENV);
    }
    String s = node.strip();
    if (s.startsWith("http://")) {
      s = s.substring("http://".length());
    }
    if (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    try {
      URI u = new URI("http://" + s + "/");
      if (u.getHost() == null || u.getPort() < 0 || !"/".equals(u.getPath())) {
        throw new UserException("--node must be host:port or http://host:port, not " + node);
      }
    } catch (URISyntaxException e) {
      throw new UserException("--node must be host:port or http://host:port, not " + node, e);
    }
    return s;
  }

  /** The node's URL as the user should see it: {@code http://host:port}. */
  public String url() {
    return "http://" + hostPort();
  }

  /** A JSON-RPC client of the node. */
  public RpcClient client() {
    return new RpcClient(hostPort());
  }

  /**
   * Calls {@code method} on the node. An error the node answers with is an {@link IOException}
   * carrying its message; no answer at all is a {@link NodeUnreachableException}.
   */
  public JsonNode call(String method, ObjectNode params) throws IOException {
    RpcClient c = client();
    try {
      return c.call(method, params);
    } catch (RpcClient.RpcException e) {
      throw e;
    } catch (IOException e) {
      throw new NodeUnreachableException("cannot reach the node at " + url(), e);
    }
  }

  /** Calls {@code method} with no params. */
  public JsonNode call(String method) throws IOException {
    return call(method, null);
  }
}

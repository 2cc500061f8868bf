package network.pot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import network.pot.base.json.Json;

/** The answering half of a stub JSON-RPC node in tests: one response per exchange. */
public final class StubRpc {
  private StubRpc() {}

  /** Answers request {@code id} with {@code result}, or with {@code error} when it is not null. */
  public static void reply(HttpExchange ex, JsonNode id, JsonNode result, String error)
      throws IOException {
    ObjectNode resp = Json.object().put("jsonrpc", "2.0");
    resp.set("id", id);
    if (error != null) {
      resp.putObject("error").put("code", -32000).put("message", error);
    } else {
      resp.set("result", result);
    }
    byte[] body = Json.write(resp).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }
}

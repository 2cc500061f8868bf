package network.pot.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import network.pot.rpc.explorer.ExplorerFiles;
import network.pot.rpc.methods.MethodGroup;
import network.pot.rpc.methods.RpcError;
import org.junit.jupiter.api.Test;

/** The transport and dispatch of the JSON-RPC server, with method groups of its own, no node. */
class RpcServerTest {
  private static final MethodGroup TEST_METHODS =
      () ->
          Map.of(
              "echo", params -> params,
              "refuse",
                  params -> {
                    throw RpcError.invalidParams("params.x must be a string");
                  },
              "crash",
                  params -> {
                    throw new IllegalStateException("bug");
                  });

  private static JsonNode call(RpcServer s, String body) {
    return s.respond(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void dispatchesByNameAndAnswersWithTheStandardErrors() throws Exception {
    try (RpcServer s =
        new RpcServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            "test",
            List.of(TEST_METHODS))) {
      JsonNode ok =
          call(s, "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"a\":1},\"id\":7}");
      assertThat(ok.path("result").path("a").asInt()).isEqualTo(1);
      assertThat(ok.path("id").asInt()).isEqualTo(7);
      assertThat(call(s, "{not json").path("error").path("code").asInt()).isEqualTo(-32700);
      assertThat(call(s, "[1,2]").path("error").path("code").asInt()).isEqualTo(-32600);
      assertThat(call(s, "{\"method\":\"nope\",\"id\":1}").path("error").path("code").asInt())
          .isEqualTo(-32601);
      JsonNode refused = call(s, "{\"method\":\"refuse\",\"id\":2}");
      assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32602);
      assertThat(refused.path("error").path("message").asText())
          .isEqualTo("params.x must be a string");
      assertThat(refused.path("id").asInt()).isEqualTo(2);
      assertThat(call(s, "{\"method\":\"crash\",\"id\":3}").path("error").path("code").asInt())
          .isEqualTo(-32603);
    }
  }

  @Test
  void aMethodNameServedTwiceIsRefused() {
    assertThatThrownBy(
            () ->
                new RpcServer(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    "test",
                    List.of(TEST_METHODS, TEST_METHODS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two handlers");
  }

  @Test
  void theExplorerServesExactlyItsThreeFiles() {
    ExplorerFiles files = ExplorerFiles.load();
    for (String path : List.of("/", "/explorer.js", "/explorer.css")) {
      ExplorerFiles.Reply r = files.get(path);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.headers()).containsKey("Content-Security-Policy");
      assertThat(r.body()).isNotEmpty();
    }
    for (String path : List.of("/index.html", "/explorer/explorer.js", "/../pom.xml", "")) {
      assertThat(files.get(path).status()).as(path).isEqualTo(404);
    }
  }
}

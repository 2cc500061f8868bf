package network.pot.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import network.pot.base.json.Json;
import network.pot.node.api.ChainQuery;
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

  private static RpcServer started() throws Exception {
    RpcServer s =
        new RpcServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            "test",
            List.of(TEST_METHODS));
    s.start();
    return s;
  }

  private static URI http(RpcServer s, String path) {
    return URI.create("http://127.0.0.1:" + s.address().getPort() + path);
  }

  @Test
  void servesPostsOverOneKeptAliveConnectionAndRefusesAnOversizeBody() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (RpcServer s = started()) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(http(s, "/"))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"i\":"
                                + i
                                + "},\"id\":1}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(Json.read(r.body()).path("result").path("i").asInt()).isEqualTo(i);
      }
      HttpResponse<String> bad =
          client.send(
              HttpRequest.newBuilder(http(s, "/"))
                  .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(Json.read(bad.body()).path("error").path("code").asInt()).isEqualTo(-32700);

      byte[] huge = new byte[RpcServer.MAX_BODY + 1];
      java.util.Arrays.fill(huge, (byte) ' ');
      HttpResponse<String> refused =
          client.send(
              HttpRequest.newBuilder(http(s, "/"))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(huge))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(413);

      HttpResponse<String> put =
          client.send(
              HttpRequest.newBuilder(http(s, "/"))
                  .PUT(HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).isEqualTo(405);
      assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
      HttpResponse<String> page =
          client.send(
              HttpRequest.newBuilder(http(s, "/explorer.js")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
      assertThat(
              client
                  .send(
                      HttpRequest.newBuilder(http(s, "/nope?x=1")).GET().build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(404);
    }
  }

  /** Collects a WebSocket's text messages. */
  static final class Messages implements WebSocket.Listener {
    final BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          queue.add(Json.read(text.toString()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        text.setLength(0);
      }
      socket.request(1);
      return null;
    }

    JsonNode next() throws InterruptedException {
      JsonNode m = queue.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a message within 10 s").isNotNull();
      return m;
    }
  }

  @Test
  void theWebSocketAnswersCallsAndAMalformedMessageWithAnError() throws Exception {
    try (RpcServer s = started()) {
      Messages messages = new Messages();
      WebSocket ws =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + s.address().getPort() + RpcServer.WS_PATH),
                  messages)
              .get(10, TimeUnit.SECONDS);
      ws.sendText("{not json", true).get(10, TimeUnit.SECONDS);
      assertThat(messages.next().path("error").path("code").asInt()).isEqualTo(-32700);
      ws.sendText("[1,2]", true).get(10, TimeUnit.SECONDS);
      assertThat(messages.next().path("error").path("code").asInt()).isEqualTo(-32600);
      ws.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"a\":5},\"id\":9}", true)
          .get(10, TimeUnit.SECONDS);
      JsonNode ok = messages.next();
      assertThat(ok.path("result").path("a").asInt()).isEqualTo(5);
      assertThat(ok.path("id").asInt()).isEqualTo(9);
      ws.sendText(
              "{\"jsonrpc\":\"2.0\",\"method\":\"pot_subscribe\",\"params\":{\"topic\":\"x\"},\"id\":10}",
              true)
          .get(10, TimeUnit.SECONDS);
      JsonNode refused = messages.next();
      assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32602);
      assertThat(refused.path("error").path("message").asText()).startsWith("params.topic");
      ws.sendText(
              "{\"jsonrpc\":\"2.0\",\"method\":\"pot_unsubscribe\",\"params\":{\"subscription\":\"0x1\"},\"id\":11}",
              true)
          .get(10, TimeUnit.SECONDS);
      assertThat(messages.next().path("result").asBoolean(true)).isFalse();
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void subscribingOverHttpNamesTheWebSocket() throws Exception {
    try (RpcServer s = started()) {
      JsonNode r = call(s, "{\"method\":\"pot_subscribe\",\"id\":1}");
      assertThat(r.path("error").path("code").asInt()).isEqualTo(-32601);
      assertThat(r.path("error").path("message").asText()).contains("/ws");
    }
  }

  @Test
  void theOpenRpcDocumentListsExactlyTheRegisteredMethods() throws Exception {
    ChainQuery chain =
        (ChainQuery)
            Proxy.newProxyInstance(
                ChainQuery.class.getClassLoader(),
                new Class<?>[] {ChainQuery.class},
                (proxy, method, args) -> "nodeName".equals(method.getName()) ? "test" : null);
    try (RpcServer s =
        new RpcServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), chain, null, null, null)) {
      JsonNode doc = call(s, "{\"jsonrpc\":\"2.0\",\"method\":\"rpc.discover\",\"id\":1}");
      Set<String> documented = new TreeSet<>();
      for (JsonNode m : doc.path("result").path("methods")) {
        documented.add(m.path("name").asText());
        assertThat(m.path("params").isArray()).as(m.path("name").asText()).isTrue();
        assertThat(m.path("result").path("schema").isObject()).as(m.path("name").asText()).isTrue();
      }
      assertThat(doc.path("result").path("openrpc").asText()).isNotEmpty();
      assertThat(documented).isEqualTo(s.methodNames());
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

package network.pot.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import network.pot.base.json.Json;
import network.pot.rpc.methods.MethodGroup;
import network.pot.rpc.methods.RpcError;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The attack: one client floods a node's RPC with calls, over HTTP or a WebSocket, to take its time
 * from everyone else. The node must refuse that client's calls beyond its rate (HTTP 429, or a
 * {@code -32005} error on the socket) while another client is still served. Clients are told apart
 * by IP address: the test's clients connect from 127.0.0.1, 127.0.0.2 and 127.0.0.3 (all loopback,
 * which this server is configured to limit too).
 */
@Tag("attack")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RateLimitAttackTest {
  private static final MethodGroup ECHO = () -> Map.of("echo", params -> params);

  /** 1 call a second, 10 at once: a flood of 100 calls in a few seconds cannot pass. */
  private static final RpcConfig LIMITS =
      RpcConfig.builder().rateLimitPerSecond(1).rateLimitBurst(10).rateLimitLoopback(true).build();

  private static RpcServer server() throws IOException {
    RpcServer s =
        new RpcServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            "test",
            List.of(ECHO),
            LIMITS);
    s.start();
    return s;
  }

  /** An HTTP answer: status, headers (lower-case names) and body. */
  record Answer(int status, String head, String body) {}

  /** One POST of {@code body} from the local address {@code from}, on its own connection. */
  static Answer post(RpcServer s, String from, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    try (Socket sock = new Socket()) {
      sock.bind(new InetSocketAddress(from, 0));
      sock.connect(s.address(), 5_000);
      sock.setSoTimeout(10_000);
      OutputStream out = sock.getOutputStream();
      out.write(
          ("POST / HTTP/1.1\r\nHost: node\r\nContent-Type: application/json\r\nContent-Length: "
                  + b.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(b);
      out.flush();
      InputStream in = sock.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = text.substring(0, split);
      int status = Integer.parseInt(head.substring(9, 12));
      return new Answer(status, head.toLowerCase(java.util.Locale.ROOT), text.substring(split + 4));
    }
  }

  private static String echo(int i) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"i\":"
        + i
        + "},\"id\":"
        + i
        + "}";
  }

  @Test
  void anHttpClientFloodingCallsIsRefusedWhileAnotherIsServed() throws Exception {
    try (RpcServer s = server()) {
      int ok = 0;
      int refused = 0;
      long t0 = System.nanoTime();
      for (int i = 0; i < 100; i++) {
        Answer a = post(s, "127.0.0.2", echo(i));
        if (a.status() == 200) {
          ok++;
        } else {
          refused++;
          assertThat(a.status()).isEqualTo(429);
          assertThat(a.head()).contains("retry-after: ");
          JsonNode err = Json.read(a.body());
          assertThat(err.path("error").path("code").asInt()).isEqualTo(RpcError.LIMIT_EXCEEDED);
          assertThat(err.path("error").path("message").asText()).contains("rate limit");
        }
        // the other client is served throughout the flood
        if (i % 25 == 0) {
          Answer other = post(s, "127.0.0.3", echo(1000 + i));
          assertThat(other.status()).as("the other client, call %d", i).isEqualTo(200);
          assertThat(Json.read(other.body()).path("result").path("i").asInt()).isEqualTo(1000 + i);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(refused).as("calls refused").isGreaterThan(0);
      // the burst, and what the rate refilled while the flood lasted
      assertThat(ok).isLessThanOrEqualTo(10 + (int) Math.ceil(seconds) + 1);
    }
  }

  @Test
  void aWebSocketClientFloodingCallsIsRefusedWhileAnotherIsServed() throws Exception {
    try (RpcServer s = server()) {
      RpcServerTest.Messages messages = new RpcServerTest.Messages();
      WebSocket ws =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + s.address().getPort() + RpcServer.WS_PATH),
                  messages)
              .get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 60; i++) {
        ws.sendText(echo(i), true).get(10, TimeUnit.SECONDS);
      }
      int ok = 0;
      int refused = 0;
      for (int i = 0; i < 60; i++) {
        JsonNode m = messages.next();
        if (m.has("result")) {
          ok++;
        } else {
          refused++;
          assertThat(m.path("error").path("code").asInt()).isEqualTo(RpcError.LIMIT_EXCEEDED);
          assertThat(m.path("id").isInt()).as("the refused call's id").isTrue();
        }
      }
      assertThat(refused).isGreaterThan(0);
      assertThat(ok).isLessThan(60);
      // the flooder's HTTP calls draw on the same bucket (a token a second comes back), while
      // another address is served
      int httpRefused = 0;
      for (int i = 0; i < 5; i++) {
        httpRefused += post(s, "127.0.0.1", echo(i)).status() == 429 ? 1 : 0;
      }
      assertThat(httpRefused).isGreaterThan(0);
      assertThat(post(s, "127.0.0.2", echo(2)).status()).isEqualTo(200);
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }
  }
}

package network.pot.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import network.pot.base.crypto.KeyPair;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.Keystore;
import network.pot.chain.tx.Payload;
import network.pot.cli.OneNode;
import network.pot.cli.devnet.DevnetLayout;
import network.pot.rpc.RpcClient;
import network.pot.rpc.RpcNode;
import network.pot.rpc.RpcServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscriptions on the WebSocket of one real node in this JVM: finalized blocks arrive at
 * consecutive heights; a transaction subscription fires once for a sent transfer, with the status
 * {@code pot_getTransaction} reports.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebSocketTest {
  @TempDir static Path dir;
  private static OneNode one;
  private static RpcNode served;
  private static RpcClient rpc;
  private static DevnetLayout layout;
  private static URI ws;

  @BeforeAll
  static void start() throws Exception {
    one = OneNode.start(dir, List.of(OneNode.SMALL), 1);
    served = one.served;
    rpc = one.rpc;
    layout = one.layout;
    ws = URI.create("ws://" + one.hostPort + RpcServer.WS_PATH);
  }

  @AfterAll
  static void stop() {
    if (served != null) {
      served.close();
    }
  }

  /** A WebSocket client that queues the messages it receives. */
  private static final class Client implements WebSocket.Listener {
    final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    WebSocket socket;

    static Client open() throws Exception {
      Client c = new Client();
      c.socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(ws, c)
              .get(10, TimeUnit.SECONDS);
      return c;
    }

    @Override
    public CompletionStage<?> onText(WebSocket s, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          messages.add(Json.read(text.toString()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        text.setLength(0);
      }
      s.request(1);
      return null;
    }

    JsonNode call(long id, String method, JsonNode params) throws Exception {
      var req = Json.object().put("jsonrpc", "2.0").put("method", method).put("id", id);
      req.set("params", params);
      socket.sendText(Json.write(req), true).get(10, TimeUnit.SECONDS);
      JsonNode r = next(30);
      assertThat(r.path("id").asLong()).as(r.toString()).isEqualTo(id);
      return r;
    }

    JsonNode next(int seconds) throws InterruptedException {
      JsonNode m = messages.poll(seconds, TimeUnit.SECONDS);
      assertThat(m).as("a message within " + seconds + " s").isNotNull();
      return m;
    }

    void close() throws Exception {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void newBlocksArriveAtConsecutiveHeights() throws Exception {
    Client c = Client.open();
    JsonNode sub = c.call(1, "pot_subscribe", Json.object().put("topic", "newBlocks"));
    String id = sub.path("result").asText();
    assertThat(id).startsWith("0x");
    long previous = -1;
    for (int i = 0; i < 3; i++) {
      JsonNode n = c.next(30);
      assertThat(n.path("method").asText()).isEqualTo("pot_subscription");
      assertThat(n.path("params").path("subscription").asText()).isEqualTo(id);
      JsonNode block = n.path("params").path("result");
      assertThat(block.has("hash") && block.has("tx_count") && block.has("proposer")).isTrue();
      long h = block.path("height").asLong();
      if (previous > 0) {
        assertThat(h).isEqualTo(previous + 1);
      }
      previous = h;
    }
    JsonNode un = c.call(2, "pot_unsubscribe", Json.object().put("subscription", id));
    assertThat(un.path("result").asBoolean()).isTrue();
    // an ordinary call on the same socket
    JsonNode status = c.call(3, "pot_status", Json.object());
    assertThat(status.path("result").path("height").asLong()).isPositive();
    c.close();
  }

  @Test
  void aTransactionSubscriptionFiresOnceForASentTransfer() throws Exception {
    KeyPair user = Keystore.read(layout.userKey(), "devnet".toCharArray());
    String chainId = rpc.call("pot_status").path("chain_id").asText();
    long fee = rpc.call("pot_status").path("min_fee").asLong();
    JsonNode sent =
        rpc.send(user, chainId, fee, new Payload.Transfer(Address.of(KeyPair.generate()), 77));
    String hash = sent.path("hash").asText();

    Client c = Client.open();
    JsonNode sub = c.call(1, "pot_subscribe", Json.object().put("topic", "tx").put("hash", hash));
    String id = sub.path("result").asText();
    JsonNode n = c.next(60);
    assertThat(n.path("params").path("subscription").asText()).isEqualTo(id);
    JsonNode st = n.path("params").path("result");
    assertThat(st.path("status").asText()).isEqualTo("accepted");
    assertThat(st).isEqualTo(rpc.call("pot_getTransaction", RpcClient.params().put("hash", hash)));
    // the subscription ended with its one notification
    JsonNode un = c.call(2, "pot_unsubscribe", Json.object().put("subscription", id));
    assertThat(un.path("result").asBoolean()).isFalse();
    c.close();

    // the client's wait on the same subscription
    assertThat(rpc.awaitTransaction(hash, Duration.ofSeconds(30)).path("status").asText())
        .isEqualTo("accepted");
  }
}

package network.pot.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.KeyPair;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.Transaction;

/** A JSON-RPC 2.0 client of one node, with a helper that signs and sends transactions. */
public final class RpcClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI uri;
  private final URI ws;
  private final AtomicLong ids = new AtomicLong();

  public RpcClient(String hostPort) {
    this.uri = URI.create("http://" + hostPort + "/");
    this.ws = URI.create("ws://" + hostPort + RpcServer.WS_PATH);
  }

  /** An RPC-level error (the node answered with a JSON-RPC error). */
  public static final class RpcException extends IOException {
    private static final long serialVersionUID = 1L;

    RpcException(String message) {
      super(message);
    }
  }

  /** Calls {@code method}; returns the result or throws with the node's error message. */
  public JsonNode call(String method, ObjectNode params) throws IOException {
    ObjectNode req = Json.object().put("jsonrpc", "2.0").put("method", method);
    req.set("params", params == null ? Json.object() : params);
    req.put("id", ids.incrementAndGet());
    HttpRequest r =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(req)))
            .header("Content-Type", "application/json")
            .build();
    try {
      byte[] body;
      try {
        body = http.send(r, HttpResponse.BodyHandlers.ofByteArray()).body();
      } catch (HttpTimeoutException e) {
        throw e; // the node is slow, not gone: waiting as long again would not help
      } catch (IOException e) {
        // a kept-alive connection the node closed as idle just as it was reused: once more on a
        // fresh one (every method here is safe to repeat; a resent transaction is a duplicate)
        body = http.send(r, HttpResponse.BodyHandlers.ofByteArray()).body();
      }
      JsonNode resp = Json.mapper().readTree(body);
      if (resp.has("error")) {
        throw new RpcException(method + ": " + resp.get("error").path("message").asText());
      }
      return resp.get("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * Waits on the node's WebSocket until transaction {@code hash} is final ({@code pot_subscribe
   * {topic: "tx"}}): returns its status as {@code pot_getTransaction} reports it ({@code accepted}
   * or {@code rejected} in a block, {@code unknown} when it left the mempool without one), or null
   * when {@code timeout} passes first.
   *
   * @throws IOException when the socket cannot be opened or closes before the answer (the caller
   *     may poll instead); {@link RpcException} when the node refuses the subscription
   */
  public JsonNode awaitTransaction(String hash, Duration timeout)
      throws IOException, InterruptedException {
    CompletableFuture<JsonNode> done = new CompletableFuture<>();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              String message = text.toString();
              text.setLength(0);
              try {
                JsonNode m = Json.mapper().readTree(message);
                if (m.has("error")) {
                  done.completeExceptionally(
                      new RpcException(
                          "pot_subscribe: " + m.get("error").path("message").asText()));
                } else if ("pot_subscription".equals(m.path("method").asText())) {
                  done.complete(m.path("params").path("result"));
                }
              } catch (IOException e) {
                done.completeExceptionally(e);
              }
            }
            socket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            done.completeExceptionally(
                new IOException("the node closed the WebSocket (" + status + " " + reason + ")"));
            return null;
          }

          @Override
          public void onError(WebSocket socket, Throwable error) {
            done.completeExceptionally(error);
          }
        };
    WebSocket socket;
    try {
      socket =
          http.newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(2))
              .buildAsync(ws, listener)
              .get(timeout.toMillis() + 1, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot open " + ws + ": " + e.getMessage(), e);
    }
    try {
      ObjectNode req = Json.object().put("jsonrpc", "2.0").put("method", "pot_subscribe");
      req.putObject("params").put("topic", "tx").put("hash", hash);
      req.put("id", ids.incrementAndGet());
      var unused = socket.sendText(Json.write(req), true);
      return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    } finally {
      socket.abort();
    }
  }

  /** Submits signed transactions in one {@code pot_sendTransactions} call; returns its result. */
  public JsonNode sendAll(List<SignedTransaction> txs) throws IOException {
    ObjectNode p = params();
    ArrayNode arr = p.putArray("txs");
    for (SignedTransaction tx : txs) {
      arr.add(Hex.encode(tx.encode()));
    }
    return call("pot_sendTransactions", p);
  }

  public JsonNode call(String method) throws IOException {
    return call(method, null);
  }

  public static ObjectNode params() {
    return Json.object();
  }

  /** Signs {@code payload} with {@code key} at the account's next nonce and sends it. */
  public JsonNode send(KeyPair key, String chainId, long fee, Payload payload) throws IOException {
    long nonce =
        call("pot_getAccount", params().put("address", Address.of(key).toString()))
            .path("next_nonce")
            .asLong();
    Transaction t = new Transaction(chainId, nonce, fee, payload);
    JsonNode r = call("pot_sendTransaction", params().put("tx", Hex.encode(t.sign(key).encode())));
    if (!r.path("admitted").asBoolean()) {
      throw new RpcException("transaction refused: " + r.path("rejection").asText());
    }
    return r;
  }
}

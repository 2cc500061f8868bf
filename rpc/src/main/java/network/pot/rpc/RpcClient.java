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
import java.time.Duration;
import java.util.List;
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
  private final AtomicLong ids = new AtomicLong();

  public RpcClient(String hostPort) {
    this.uri = URI.create("http://" + hostPort + "/");
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

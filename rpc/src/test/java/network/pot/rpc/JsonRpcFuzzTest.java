package network.pot.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import network.pot.rpc.methods.RpcError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link RpcServer#respond} on any request body, with every method group of a node over a small
 * chain ({@link RpcTestChain}): one JSON-RPC response, a result or an error, never an exception and
 * never {@code -32603 internal error}, which would mean that some method's parameter handling
 * failed on input it should have refused as invalid params.
 */
class JsonRpcFuzzTest {
  private static RpcTestChain chain;
  private static RpcServer server;

  @BeforeAll
  static void start() throws Exception {
    chain = new RpcTestChain();
    server =
        new RpcServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            chain,
            chain.submissions(),
            chain.artifacts(),
            chain.datasets());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @FuzzTest
  void respond(byte[] body) {
    JsonNode r = server.respond(body);
    assertThat(r.path("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(r.has("result")).isNotEqualTo(r.has("error"));
    assertThat(r.path("error").path("code").asInt())
        .as("%s", r)
        .isNotEqualTo(RpcError.INTERNAL_ERROR);
  }
}

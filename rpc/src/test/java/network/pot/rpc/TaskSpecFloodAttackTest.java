package network.pot.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import network.pot.base.json.Json;
import network.pot.node.api.ArtifactStore;
import network.pot.rpc.methods.RpcError;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The attack: anyone who reaches a node's RPC stores task specs with {@code pot_putTaskSpec}, huge
 * ones or very many, and the node writes each to disk for good. The node must refuse a spec over
 * its size limit, hold specs no task on chain names only within a fixed budget, and write none of
 * them to its artifact store (the disk) until a task names them.
 */
@Tag("attack")
class TaskSpecFloodAttackTest {
  /** A valid task spec of about {@code bytes} bytes: {@code relu} layers pad its model. */
  static String spec(int bytes, long steps) {
    StringBuilder layers = new StringBuilder();
    String relu = "{\"type\":\"relu\"},";
    for (int n = 0; n < bytes / relu.length(); n++) {
      layers.append(relu);
    }
    return "{\"batch\":16,\"checkpoint_every\":10,"
        + "\"data_hash\":\"3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7\","
        + "\"metric\":\"test_correct\",\"model\":{\"init\":\"he_normal\",\"input\":[28,28,1],"
        + "\"layers\":[{\"type\":\"flatten\"},"
        + layers
        + "{\"out\":10,\"type\":\"linear\"}],\"loss\":\"softmax_cross_entropy\"},"
        + "\"optimizer\":{\"beta1\":0.9,\"beta2\":0.999,\"eps\":1.0E-8,\"lr\":0.05,"
        + "\"momentum\":0.9,\"type\":\"sgd\",\"weight_decay\":1.0E-4},"
        + "\"samples\":3,\"steps\":"
        + steps
        + ",\"version\":1}";
  }

  static JsonNode put(RpcServer s, String spec) {
    return s.respond(
        Json.write(
                Json.object()
                    .put("jsonrpc", "2.0")
                    .put("id", 1)
                    .put("method", "pot_putTaskSpec")
                    .set("params", Json.object().put("spec", spec)))
            .getBytes(StandardCharsets.UTF_8));
  }

  /** The test chain's artifact store, counting the bytes written to it. */
  static final class CountingStore implements ArtifactStore {
    final ArtifactStore inner;
    final AtomicLong written = new AtomicLong();

    CountingStore(ArtifactStore inner) {
      this.inner = inner;
    }

    @Override
    public void put(byte[] key, byte[] content) throws java.io.IOException {
      written.addAndGet(content.length);
      inner.put(key, content);
    }

    @Override
    public boolean has(byte[] key) {
      return inner.has(key);
    }

    @Override
    public Optional<byte[]> fetch(byte[] key, int maxBytes, Check check)
        throws java.io.IOException {
      return inner.fetch(key, maxBytes, check);
    }
  }

  private static RpcServer server(RpcTestChain chain, ArtifactStore store) throws Exception {
    return new RpcServer(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        chain,
        chain.submissions(),
        store,
        chain.datasets());
  }

  @Test
  void aFloodOfSpecsThatNoTaskNamesIsRefusedBeyondTheBudgetAndNeverReachesTheDisk()
      throws Exception {
    RpcTestChain chain = new RpcTestChain();
    CountingStore store = new CountingStore(chain.artifacts());
    try (RpcServer s = server(chain, store)) {
      int accepted = 0;
      int refused = 0;
      long acceptedBytes = 0;
      for (int i = 1; i <= 20; i++) {
        String spec = spec(950_000, 10L * i);
        JsonNode r = put(s, spec);
        if (r.has("result")) {
          accepted++;
          acceptedBytes += spec.length();
          assertThat(r.path("result").path("pending").asBoolean()).isTrue();
        } else {
          refused++;
          assertThat(r.path("error").path("code").asInt()).isEqualTo(RpcError.LIMIT_EXCEEDED);
          assertThat(r.path("error").path("message").asText())
              .contains("max_pending_task_spec_bytes");
        }
      }
      // 20 specs of 950 kB are 19 MB; the default budget is 16 MiB
      assertThat(refused).as("specs refused").isGreaterThan(0);
      assertThat(acceptedBytes).isLessThanOrEqualTo(RpcConfig.DEFAULT.maxPendingTaskSpecBytes());
      assertThat(accepted).isGreaterThan(0);
      assertThat(store.written.get()).as("bytes written to the artifact store").isZero();
    }
  }

  @Test
  void aSpecOverTheSizeLimitIsRefusedWithAClearError() throws Exception {
    RpcTestChain chain = new RpcTestChain();
    CountingStore store = new CountingStore(chain.artifacts());
    try (RpcServer s = server(chain, store)) {
      JsonNode r = put(s, spec(RpcConfig.DEFAULT.maxTaskSpecBytes() + 100_000, 10));
      assertThat(r.path("error").path("code").asInt()).isEqualTo(RpcError.INVALID_PARAMS);
      assertThat(r.path("error").path("message").asText())
          .contains("at most " + RpcConfig.DEFAULT.maxTaskSpecBytes() + " bytes")
          .contains("max_task_spec_bytes");
      assertThat(store.written.get()).isZero();
      // a spec of ordinary size is taken
      assertThat(put(s, spec(2_000, 10)).path("result").path("spec_hash").asText()).hasSize(64);
    }
  }
}

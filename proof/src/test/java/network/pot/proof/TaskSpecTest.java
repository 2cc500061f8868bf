package network.pot.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.base.codec.LittleEndian;
import network.pot.base.crypto.Sha256;
import network.pot.base.json.Json;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskSpecTest {
  @TempDir Path tmp;

  static TaskSpec mlpTask() {
    return new TaskSpec(
        Fixture.DATA_HASH, ModelSpec.mlp(), OptimizerSpec.sgd(0.01f, 0.9f, 0f), 64, 5000, 25, 4);
  }

  @Test
  void canonicalJsonRoundTripsAndFixesTheId() throws IOException {
    TaskSpec t = mlpTask();
    TaskSpec back = TaskSpec.parse(t.canonicalJson());
    assertThat(back).isEqualTo(t);
    assertThat(back.taskId()).isEqualTo(t.taskId());
    assertThat(t.segments()).isEqualTo(200);
    // key order and white space do not change the task or its id
    ObjectNode shuffled = Json.object();
    java.util.List<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> es =
        new java.util.ArrayList<>(Json.mapper().readTree(t.canonicalJson()).properties());
    java.util.Collections.reverse(es);
    es.forEach(e -> shuffled.set(e.getKey(), e.getValue()));
    assertThat(TaskSpec.parse(shuffled.toPrettyString()).taskId()).isEqualTo(t.taskId());
    // any value changes the id
    assertThat(t.withSchedule(5000, 25, 5).taskId()).isNotEqualTo(t.taskId());
    assertThat(t.withOptimizer(OptimizerSpec.sgd(0.02f, 0.9f, 0f)).taskId())
        .isNotEqualTo(t.taskId());
  }

  @Test
  void malformedTasksAreRefusedWithTheirFault() throws IOException {
    ObjectNode good = (ObjectNode) Json.mapper().readTree(mlpTask().canonicalJson());
    assertRefused(good.deepCopy().put("steps", 5001), "multiple of checkpoint_every");
    assertRefused(good.deepCopy().put("checkpoint_every", 0), "checkpoint_every must be positive");
    assertRefused(good.deepCopy().put("extra", 1), "unknown field 'extra'");
    ObjectNode missing = good.deepCopy();
    missing.remove("samples");
    assertRefused(missing, "missing field 'samples'");
    assertRefused(good.deepCopy().put("data_hash", "xyz"), "not hex");
    assertRefused(good.deepCopy().put("metric", "loss"), "metric");
    assertRefused(good.deepCopy().put("version", 2), "version");
    assertRefused(good.deepCopy().put("batch", 1.5), "batch must be an integer");
    ObjectNode badLr = good.deepCopy();
    ((ObjectNode) badLr.get("optimizer")).put("lr", -1);
    assertRefused(badLr, "learning rate");
    ObjectNode badModel = good.deepCopy();
    ((ObjectNode) badModel.get("model")).put("layers", "none");
    assertRefused(badModel, "layers");
    assertThatThrownBy(() -> TaskSpec.parse("{not json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> TaskSpec.read(tmp.resolve("none.json")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no such task file");
  }

  private static void assertRefused(ObjectNode json, String message) {
    assertThatThrownBy(() -> TaskSpec.parse(json.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void dataHashCoversEveryByteAndLoadRefusesOtherData() throws IOException {
    TaskSpec t = mlpTask();
    assertThat(t.loadData(Fixture.DATA_DIR).train().size()).isEqualTo(2000);
    Path copy = tmp.resolve("copy");
    Files.createDirectories(copy);
    try (var files = Files.list(Fixture.DATA_DIR)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    assertThat(TaskSpec.dataHash(copy)).isEqualTo(Fixture.DATA_HASH);
    Path labels = copy.resolve("t10k-labels-idx1-ubyte.gz");
    byte[] b = Files.readAllBytes(labels);
    b[b.length - 5] ^= 1;
    Files.write(labels, b);
    assertThat(TaskSpec.dataHash(copy)).isNotEqualTo(Fixture.DATA_HASH);
    assertThatThrownBy(() -> t.loadData(copy))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not the task's data_hash");
  }

  @Test
  void bindingKeysDependOnEveryInput() {
    TaskSpec t = mlpTask();
    var base = Fixture.binding(t, "miner-a", "block-1").seeds();
    assertThat(Fixture.binding(t, "miner-a", "block-1").seeds()).isEqualTo(base);
    assertThat(Fixture.binding(t, "miner-b", "block-1").seeds()).isNotEqualTo(base);
    assertThat(Fixture.binding(t, "miner-a", "block-2").seeds()).isNotEqualTo(base);
    assertThat(Fixture.binding(t.withSchedule(5000, 25, 5), "miner-a", "block-1").seeds())
        .isNotEqualTo(base);
    assertThat(base.initKey()).isNotEqualTo(base.dataKey()).isNotEqualTo(base.dropoutKey());
    // golden vector: the derivation is part of the protocol and must not drift
    var golden = new Binding(new byte[32], new byte[] {1}, new byte[] {2}).seeds();
    assertThat(golden.initKey())
        .isEqualTo(
            LittleEndian.getU64(
                Sha256.tagged(
                    "pot/binding/v1",
                    "init".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    new byte[32],
                    new byte[] {1},
                    new byte[] {2}),
                0));
  }
}

package network.pot.tensor.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.tensor.Parallel;
import network.pot.tensor.TestData;
import network.pot.tensor.data.DataFormatException;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.data.Dataset;
import network.pot.tensor.nn.Model;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.Optimizer;
import network.pot.tensor.optim.OptimizerSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bit-exactness: the same run gives the same hashes for every thread count and on every repeat,
 * resuming from a checkpoint equals never stopping, and the golden hashes below (computed once and
 * checked in) are reproduced on every machine.
 */
@Timeout(300)
class DeterminismTest {
  static Dataset train;

  @BeforeAll
  static void load() throws IOException {
    train = DataSets.load(TestData.fashionSmall()).train();
  }

  static final ModelSpec SMALL_CNN =
      ModelSpec.parse(
          "{\"input\":[28,28,1],\"layers\":["
              + "{\"type\":\"conv2d\",\"out\":8,\"kernel\":5},{\"type\":\"relu\"},"
              + "{\"type\":\"maxpool2d\",\"kernel\":2},"
              + "{\"type\":\"conv2d\",\"out\":16,\"kernel\":3,\"stride\":2,\"padding\":1},"
              + "{\"type\":\"tanh\"},{\"type\":\"dropout\",\"p\":0.25},"
              + "{\"type\":\"flatten\"},{\"type\":\"linear\",\"out\":10}]}");

  static Trainer trainer(ModelSpec spec, OptimizerSpec os, long seed) {
    Model m = new Model(spec);
    Seeds s = Seeds.fromSeed(seed);
    m.initialize(s.initKey(), s.dropoutKey());
    return new Trainer(m, new Optimizer(os, m.params()), train, 32, s);
  }

  static String run(ModelSpec spec, OptimizerSpec os, int threads, int steps) {
    Trainer t = trainer(spec, os, 7);
    try (Parallel par = Parallel.of(threads)) {
      for (int i = 0; i < steps; i++) {
        t.step(par);
      }
    }
    return Checkpoint.hex(Checkpoint.stateHash(t));
  }

  @Test
  void mlpIsIdenticalForOneTwoAndThreeThreadsAndRepeats() {
    OptimizerSpec sgd = OptimizerSpec.sgd(0.01f, 0.9f, 1e-4f);
    String h1 = run(ModelSpec.mlp(), sgd, 1, 12);
    assertThat(run(ModelSpec.mlp(), sgd, 2, 12)).isEqualTo(h1);
    assertThat(run(ModelSpec.mlp(), sgd, 3, 12)).isEqualTo(h1);
    assertThat(run(ModelSpec.mlp(), sgd, 2, 12)).isEqualTo(h1);
  }

  @Test
  void cnnWithDropoutAndAdamIsIdenticalAcrossThreadCounts() {
    OptimizerSpec adam = new OptimizerSpec("adamw", 1e-3f, 0f, 1e-2f, 0.9f, 0.999f, 1e-8f);
    String h1 = run(SMALL_CNN, adam, 1, 6);
    assertThat(run(SMALL_CNN, adam, 2, 6)).isEqualTo(h1);
    assertThat(run(SMALL_CNN, adam, 3, 6)).isEqualTo(h1);
  }

  @Test
  void goldenHashesAreReproduced() {
    // Computed once by this engine and checked in: any change of the order of floating-point
    // operations anywhere in a training step changes them.
    assertThat(run(ModelSpec.mlp(), OptimizerSpec.sgd(0.01f, 0.9f, 0f), 2, 10))
        .isEqualTo(GOLDEN_MLP);
    assertThat(run(SMALL_CNN, new OptimizerSpec("adam", 1e-3f, 0f, 0f, 0.9f, 0.999f, 1e-8f), 2, 4))
        .isEqualTo(GOLDEN_CNN);
  }

  static final String GOLDEN_MLP =
      "4f5149f3c0f9404ba7d562728cdce7f1e2f47293d9460f15c6a5c6267bd9cc77";
  static final String GOLDEN_CNN =
      "fcfabb702d3d09130203492db324851935f916bcb25fdbf1f7269cf7d8b09003";

  @Test
  void resumingFromACheckpointEqualsNeverStopping(@TempDir Path dir) throws IOException {
    OptimizerSpec adam = new OptimizerSpec("adam", 1e-3f, 0f, 0f, 0.9f, 0.999f, 1e-8f);
    String straight = run(SMALL_CNN, adam, 2, 8);
    Trainer t = trainer(SMALL_CNN, adam, 7);
    Path ckpt = dir.resolve("half.ckpt");
    try (Parallel par = Parallel.of(2)) {
      for (int i = 0; i < 3; i++) {
        t.step(par);
      }
      Checkpoint.write(t, ckpt);
    }
    Trainer resumed = Checkpoint.read(ckpt).trainer(train);
    assertThat(resumed.step()).isEqualTo(3);
    try (Parallel par = Parallel.of(1)) {
      for (int i = 0; i < 5; i++) {
        resumed.step(par);
      }
    }
    assertThat(Checkpoint.hex(Checkpoint.stateHash(resumed))).isEqualTo(straight);
  }

  @Test
  void checkpointRoundTripsAndRejectsCorruption(@TempDir Path dir) throws IOException {
    Trainer t = trainer(ModelSpec.mlp(), OptimizerSpec.sgd(0.01f, 0.9f, 0f), 3);
    try (Parallel par = Parallel.of(2)) {
      t.step(par);
    }
    Path f = dir.resolve("m.ckpt");
    Checkpoint.write(t, f);
    Checkpoint.Contents c = Checkpoint.read(f);
    assertThat(c.stateHash()).isEqualTo(Checkpoint.stateHash(t));
    assertThat(Checkpoint.modelHash(c.model())).isEqualTo(Checkpoint.modelHash(t.model()));
    assertThat(Checkpoint.encode(c.trainer(train))).isEqualTo(Files.readAllBytes(f));

    byte[] b = Files.readAllBytes(f);
    b[b.length / 2] ^= 1;
    Path bad = dir.resolve("bad.ckpt");
    Files.write(bad, b);
    assertThatThrownBy(() -> Checkpoint.read(bad))
        .isInstanceOf(DataFormatException.class)
        .hasMessageContaining("corrupt checkpoint");
    Files.write(bad, java.util.Arrays.copyOf(Files.readAllBytes(f), 100));
    assertThatThrownBy(() -> Checkpoint.read(bad)).isInstanceOf(DataFormatException.class);
    Files.writeString(bad, "hello");
    assertThatThrownBy(() -> Checkpoint.read(bad)).hasMessageContaining("bad magic");
  }

  @Test
  void modelHashIgnoresOptimizerStateButNotWeights() {
    Trainer a = trainer(ModelSpec.mlp(), OptimizerSpec.sgd(0.01f, 0.9f, 0f), 3);
    Trainer b = trainer(ModelSpec.mlp(), OptimizerSpec.sgd(0.01f, 0f, 0f), 3);
    assertThat(Checkpoint.modelHash(a.model())).isEqualTo(Checkpoint.modelHash(b.model()));
    assertThat(Checkpoint.stateHash(a)).isNotEqualTo(Checkpoint.stateHash(b));
    a.model().params().get(0).value()[0] += 1e-6f;
    assertThat(Checkpoint.modelHash(a.model())).isNotEqualTo(Checkpoint.modelHash(b.model()));
  }
}

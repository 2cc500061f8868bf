package network.pot.proof.collab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import network.pot.base.crypto.Sha256;
import network.pot.proof.TaskSpec;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.OptimizerSpec;

/** The committed small Fashion-MNIST, a small model with dropout, and small collaborative tasks. */
final class CollabFixture {
  static final Path DATA_DIR = findData();
  static final DataSets.Split DATA = load();

  static final ModelSpec SMALL_MODEL =
      ModelSpec.parse(
          "{\"input\":[28,28,1],\"layers\":[{\"type\":\"flatten\"},"
              + "{\"type\":\"linear\",\"out\":24},{\"type\":\"relu\"},"
              + "{\"type\":\"dropout\",\"p\":0.25},{\"type\":\"linear\",\"out\":10}]}");

  private CollabFixture() {}

  private static Path findData() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(p.resolve("data/fashion-mnist-small"))) {
      p = p.getParent();
    }
    return p.resolve("data/fashion-mnist-small");
  }

  private static DataSets.Split load() {
    try {
      return DataSets.load(DATA_DIR);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** H = steps, k = every, q = samples; SGD with momentum, batch 16; R rounds, M slots. */
  static CollabSpec spec(long steps, long every, int samples, int rounds, int miners) {
    try {
      TaskSpec inner =
          new TaskSpec(
              TaskSpec.dataHash(DATA_DIR),
              SMALL_MODEL,
              OptimizerSpec.sgd(0.05f, 0.9f, 1e-4f),
              16,
              steps,
              every,
              samples);
      return CollabSpec.builder()
          .inner(inner)
          .rounds(rounds)
          .miners(miners)
          .quorum(1)
          .outer(new OuterOptimizer(0.7f, 0.9f))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] id(String name) {
    return Sha256.tagged("test/id", name.getBytes(StandardCharsets.UTF_8));
  }

  static Enrollment enrollment(int slot) {
    return new Enrollment(id("miner-" + slot), id("enroll-block-" + slot), slot);
  }

  /** Honest miners in slots {@code 0..count-1}. */
  static List<Simulation.Miner> honest(int count) {
    List<Simulation.Miner> out = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      out.add(Simulation.Miner.honest(enrollment(s)));
    }
    return out;
  }
}

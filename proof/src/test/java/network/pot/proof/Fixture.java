package network.pot.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import network.pot.base.crypto.Sha256;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.OptimizerSpec;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Trainer;

/**
 * Shared test data: the committed small Fashion-MNIST, a small model and small tasks (public for
 * the tests of the collaborative protocol beside this package).
 */
public final class Fixture {
  public static final Path DATA_DIR = findData();
  public static final DataSets.Split DATA = load();
  static final byte[] DATA_HASH = dataHash();

  /** A small model with dropout, so that the dropout keys are exercised too. */
  static final ModelSpec SMALL_MODEL =
      ModelSpec.parse(
          "{\"input\":[28,28,1],\"layers\":[{\"type\":\"flatten\"},"
              + "{\"type\":\"linear\",\"out\":24},{\"type\":\"relu\"},"
              + "{\"type\":\"dropout\",\"p\":0.25},{\"type\":\"linear\",\"out\":10}]}");

  private Fixture() {}

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

  private static byte[] dataHash() {
    try {
      return TaskSpec.dataHash(DATA_DIR);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** T = steps, k = every, q = samples on the small model, SGD with momentum, batch 16. */
  public static TaskSpec task(long steps, long every, int samples) {
    return new TaskSpec(
        DATA_HASH, SMALL_MODEL, OptimizerSpec.sgd(0.05f, 0.9f, 1e-4f), 16, steps, every, samples);
  }

  public static byte[] id(String name) {
    return Sha256.tagged("test/id", name.getBytes(StandardCharsets.UTF_8));
  }

  static Binding binding(TaskSpec task, String miner, String block) {
    return new Binding(task.taskId(), id(miner), id(block));
  }

  static Prover.Result prove(
      TaskSpec task, Binding b, DataSets.Split data, BlobSink blobs, int threads) {
    try (Parallel par = Parallel.of(threads)) {
      return Prover.prove(task, b, data, blobs, par, s -> {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Verdict verify(
      TaskSpec task,
      Commitment c,
      BlobSource blobs,
      OpeningSource openings,
      List<Integer> segments,
      int threads) {
    try (Parallel par = Parallel.of(threads)) {
      return new Verifier(task, DATA, par).verify(c, blobs, openings, segments);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes a checkpoint blob, lets {@code edit} change its trainer, and encodes it again. */
  static byte[] reencode(byte[] blob, DataSets.Split data, Consumer<Trainer> edit) {
    try {
      Trainer t = Checkpoint.decode(blob, "test").trainer(data.train());
      edit.accept(t);
      return Checkpoint.encode(t);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] stateHash(byte[] blob) {
    return Prover.stateHashOf(blob);
  }
}

package network.pot.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.tensor.ExecContext;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.data.Dataset;
import network.pot.tensor.nn.Model;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.Optimizer;
import network.pot.tensor.optim.OptimizerSpec;
import network.pot.tensor.train.Seeds;
import network.pot.tensor.train.Trainer;

/** Small trained models and the datasets the export tests run them on. */
final class Fixtures {
  private Fixtures() {}

  /**
   * Every layer kind the engine has, with a strided, padded conv and an overlapping pool: 28x28x1
   * -> conv 3 s2 p1 -> 14x14x4 -> pool 3 s2 -> 6x6x4 -> conv 3 p1 -> 6x6x3 -> flatten 108 -> 16 ->
   * 10.
   */
  static final String EVERY_LAYER =
      "{\"input\":[28,28,1],\"layers\":["
          + ModelSpec.FASHION_NORMALIZE
          + ",{\"type\":\"conv2d\",\"out\":4,\"kernel\":3,\"stride\":2,\"padding\":1},"
          + "{\"type\":\"tanh\"},{\"type\":\"maxpool2d\",\"kernel\":3,\"stride\":2},"
          + "{\"type\":\"conv2d\",\"out\":3,\"kernel\":3,\"padding\":1},{\"type\":\"relu\"},"
          + "{\"type\":\"dropout\",\"p\":0.2},{\"type\":\"flatten\"},"
          + "{\"type\":\"linear\",\"out\":16},{\"type\":\"tanh\"},"
          + "{\"type\":\"linear\",\"out\":10}]}";

  /** A linear layer straight on a multi-channel image: no flatten layer before it. */
  static final String LINEAR_ON_IMAGE =
      "{\"input\":[28,28,1],\"layers\":["
          + "{\"type\":\"conv2d\",\"out\":2,\"kernel\":5,\"stride\":3},{\"type\":\"relu\"},"
          + "{\"type\":\"linear\",\"out\":10}]}";

  /** The repository's {@code data/fashion-mnist-small}. */
  static Path fashionSmall() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      Path c = p.resolve("data").resolve("fashion-mnist-small");
      if (Files.isDirectory(c)) {
        return c;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("data/fashion-mnist-small not found above the working dir");
  }

  /** Debian's Fashion-MNIST (dataset-fashion-mnist), or null when it is not installed. */
  static Path fashionFull() {
    Path p = Path.of("/usr/share/datasets/fashion-mnist");
    return Files.isRegularFile(p.resolve("t10k-images-idx3-ubyte.gz")) ? p : null;
  }

  /** A model of {@code spec} after {@code steps} SGD steps (batch 32, seed 7) on the small set. */
  static Model trained(ModelSpec spec, int steps) throws IOException {
    return trainer(spec, steps).model();
  }

  static Trainer trainer(ModelSpec spec, int steps) throws IOException {
    Dataset train = DataSets.load(fashionSmall()).train();
    Model m = new Model(spec);
    Seeds seeds = Seeds.fromSeed(7);
    m.initialize(seeds.initKey(), seeds.dropoutKey());
    Trainer t =
        new Trainer(
            m, new Optimizer(OptimizerSpec.sgd(0.01f, 0.9f, 0f), m.params()), train, 32, seeds);
    try (Parallel par = Parallel.of(2)) {
      for (int i = 0; i < steps; i++) {
        t.step(par);
      }
    }
    return t;
  }

  /** The engine's logits for the first {@code n} samples of {@code data}, row by row. */
  static float[] engineLogits(Model m, Dataset data, int n, Parallel par) {
    int k = m.outputSize();
    float[] out = new float[n * k];
    int bs = 500;
    float[] x = new float[bs * data.sampleSize()];
    int[] y = new int[bs];
    ExecContext ctx = new ExecContext(par, false, 0);
    for (int from = 0; from < n; from += bs) {
      int b = Math.min(bs, n - from);
      data.slice(from, b, x, y);
      System.arraycopy(m.forward(x, b, ctx), 0, out, from * k, b * k);
    }
    return out;
  }
}

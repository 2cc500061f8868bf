package network.pot.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.Dataset;
import network.pot.tensor.nn.Model;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.train.Trainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Export figures, printed one line per model: export time (best of 20, the first runs warming up
 * the JIT) and size per format, ONNX Runtime's inference throughput over the Fashion-MNIST test
 * split (2 intra-op threads, batches of 500) next to the engine's evaluation throughput (2
 * threads). Run with {@code mvn -Plong -pl export verify -Dtest=ExportBenchTest}.
 */
@Tag("long")
class ExportBenchTest {
  @Test
  void printsExportAndInferenceFigures() throws Exception {
    Dataset test = OnnxParityTest.testSplit();
    for (String name : new String[] {"mlp", "cnn"}) {
      Model m = Fixtures.trained(ModelSpec.preset(name), 30);
      StringBuilder line = new StringBuilder(name);
      byte[] onnx = null;
      for (Exporter f : Exporter.values()) {
        long best = Long.MAX_VALUE;
        byte[] b = null;
        for (int i = 0; i < 20; i++) {
          long t0 = System.nanoTime();
          b = f.encode(m, Map.of());
          best = Math.min(best, System.nanoTime() - t0);
        }
        if (f == Exporter.ONNX) {
          onnx = b;
        }
        line.append(
            String.format(Locale.ROOT, " %s: %.1f ms %d bytes;", f.id(), best / 1e6, b.length));
      }
      int n = test.size();
      OnnxParityTest.runtimeLogits(onnx, test, n, 10); // warm-up
      long t0 = System.nanoTime();
      OnnxParityTest.runtimeLogits(onnx, test, n, 10);
      double ort = n / ((System.nanoTime() - t0) / 1e9);
      double engine;
      try (Parallel par = Parallel.of(2)) {
        Trainer.correct(m, test, par); // warm-up
        long t1 = System.nanoTime();
        Trainer.correct(m, test, par);
        engine = n / ((System.nanoTime() - t1) / 1e9);
      }
      line.append(
          String.format(
              Locale.ROOT, " onnxruntime %.0f images/s, engine %.0f images/s", ort, engine));
      System.out.println(line);
      assertThat(ort).isPositive();
    }
  }
}

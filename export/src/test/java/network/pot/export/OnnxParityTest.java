package network.pot.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.data.Dataset;
import network.pot.tensor.nn.Model;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.train.Trainer;
import org.junit.jupiter.api.Test;

/**
 * The exported graph, run by ONNX Runtime, computes what the engine computes: on every test image,
 * the same class, logits within 1e-4, and so the same number of correct predictions as {@code pot
 * eval}. Runs on Debian's full Fashion-MNIST test split (skipped when it is not installed).
 */
class OnnxParityTest {
  static final float TOLERANCE = 1e-4f;

  /** ONNX Runtime's logits for the first {@code n} samples, in batches of 500. */
  static float[] runtimeLogits(byte[] onnx, Dataset data, int n, int classes) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[] out = new float[n * classes];
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(2);
      try (OrtSession s = env.createSession(onnx, opts)) {
        assertThat(s.getInputNames()).containsExactly("input");
        assertThat(s.getOutputNames()).containsExactly("logits");
        int bs = 500;
        int[] shape = data.sampleShape();
        float[] x = new float[bs * data.sampleSize()];
        int[] y = new int[bs];
        for (int from = 0; from < n; from += bs) {
          int b = Math.min(bs, n - from);
          data.slice(from, b, x, y);
          long[] dims = new long[shape.length + 1];
          dims[0] = b;
          for (int i = 0; i < shape.length; i++) {
            dims[i + 1] = shape[i];
          }
          try (OnnxTensor t =
                  OnnxTensor.createTensor(
                      env, FloatBuffer.wrap(x, 0, b * data.sampleSize()), dims);
              OrtSession.Result r = s.run(Map.of("input", t))) {
            float[][] logits = (float[][]) r.get(0).getValue();
            for (int i = 0; i < b; i++) {
              System.arraycopy(logits[i], 0, out, (from + i) * classes, classes);
            }
          }
        }
      }
    }
    return out;
  }

  static Dataset testSplit() throws Exception {
    assumeThat(Fixtures.fashionFull()).as("dataset-fashion-mnist is not installed").isNotNull();
    return DataSets.load(Fixtures.fashionFull()).test();
  }

  /** Exports {@code m}, runs both on {@code n} test images and compares image by image. */
  static void assertParity(Model m, Dataset test, int n) throws Exception {
    byte[] onnx = Exporter.ONNX.encode(m, Map.of());
    int k = m.outputSize();
    float[] ort = runtimeLogits(onnx, test, n, k);
    float[] engine;
    int engineCorrect;
    try (Parallel par = Parallel.of(2)) {
      engine = Fixtures.engineLogits(m, test, n, par);
      engineCorrect = Trainer.correct(m, n == test.size() ? test : test.head(n), par);
    }
    int ortCorrect = 0;
    float worst = 0;
    for (int i = 0; i < n; i++) {
      int a = argmax(ort, i * k, k);
      int e = argmax(engine, i * k, k);
      assertThat(a).as("image %d: runtime class vs engine class", i).isEqualTo(e);
      for (int j = 0; j < k; j++) {
        worst = Math.max(worst, Math.abs(ort[i * k + j] - engine[i * k + j]));
      }
      if (a == test.label(i)) {
        ortCorrect++;
      }
    }
    assertThat(worst).as("largest logit difference").isLessThanOrEqualTo(TOLERANCE);
    assertThat(ortCorrect).isEqualTo(engineCorrect);
  }

  static int argmax(float[] v, int from, int k) {
    int best = 0;
    for (int j = 1; j < k; j++) {
      if (v[from + j] > v[from + best]) {
        best = j;
      }
    }
    return best;
  }

  @Test
  void theMlpAgreesWithTheEngineOnTheWholeTestSet() throws Exception {
    Dataset test = testSplit();
    assertParity(Fixtures.trained(ModelSpec.mlp(), 30), test, test.size());
  }

  // about 16 s on two shared cores, so it stays in the default run
  @Test
  void theCnnAgreesWithTheEngineOnTheWholeTestSet() throws Exception {
    Dataset test = testSplit();
    assertParity(Fixtures.trained(ModelSpec.cnn(), 30), test, test.size());
  }

  @Test
  void everyLayerKindTranslatesStridesPaddingTanhAndDropout() throws Exception {
    assertParity(Fixtures.trained(ModelSpec.parse(Fixtures.EVERY_LAYER), 30), testSplit(), 1000);
  }

  @Test
  void aLinearLayerReadingAnImageWithoutFlattenTranslatesItsRows() throws Exception {
    assertParity(
        Fixtures.trained(ModelSpec.parse(Fixtures.LINEAR_ON_IMAGE), 30), testSplit(), 1000);
  }
}

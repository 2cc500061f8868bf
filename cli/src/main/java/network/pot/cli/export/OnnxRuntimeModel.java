package network.pot.cli.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** An exported model run by ONNX Runtime: {@code input} in, {@code logits} out. */
final class OnnxRuntimeModel implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final int[] sampleShape;

  private OnnxRuntimeModel(OrtSession session, int[] sampleShape) {
    this.session = session;
    this.sampleShape = sampleShape.clone();
  }

  /** Loads {@code bytes} (or the file's) for samples of {@code sampleShape}, on {@code threads}. */
  static OnnxRuntimeModel load(byte[] bytes, String name, int[] sampleShape, int threads)
      throws IOException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(threads);
      OrtSession s = env.createSession(bytes, opts);
      if (!s.getInputNames().contains("input") || !s.getOutputNames().contains("logits")) {
        s.close();
        throw new IOException(name + ": not an exported model (no 'input' and 'logits')");
      }
      return new OnnxRuntimeModel(s, sampleShape);
    } catch (OrtException e) {
      throw new IOException(name + ": ONNX Runtime cannot load it: " + firstLine(e), e);
    }
  }

  static OnnxRuntimeModel load(Path file, int[] sampleShape, int threads) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such model file");
    }
    return load(Files.readAllBytes(file), file.toString(), sampleShape, threads);
  }

  /** The {@code pot.model_hash} the exporter recorded, or "" when there is none. */
  String modelHash() throws IOException {
    try {
      return session.getMetadata().getCustomMetadata().getOrDefault("pot.model_hash", "");
    } catch (OrtException e) {
      throw new IOException(firstLine(e), e);
    }
  }

  /** Row-major {@code [b, classes]} logits of the first {@code b} samples in {@code x}. */
  float[] logits(float[] x, int b) throws IOException {
    long[] dims = new long[sampleShape.length + 1];
    dims[0] = b;
    int size = 1;
    for (int i = 0; i < sampleShape.length; i++) {
      dims[i + 1] = sampleShape[i];
      size *= sampleShape[i];
    }
    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x, 0, b * size), dims);
        OrtSession.Result r = session.run(Map.of("input", t))) {
      float[][] rows = (float[][]) r.get(0).getValue();
      int k = rows[0].length;
      float[] out = new float[b * k];
      for (int i = 0; i < b; i++) {
        System.arraycopy(rows[i], 0, out, i * k, k);
      }
      return out;
    } catch (OrtException e) {
      throw new IOException("ONNX Runtime: " + firstLine(e), e);
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  @Override
  public void close() throws IOException {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IOException(firstLine(e), e);
    }
  }
}

package network.pot.tensor.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import network.pot.tensor.ExecContext;
import network.pot.tensor.Layer;
import network.pot.tensor.Param;
import network.pot.tensor.Rng;
import network.pot.tensor.Shapes;

/** A sequential model built from a {@link ModelSpec}: layers, their parameters, and the loss. */
public final class Model {
  private final ModelSpec spec;
  private final List<Layer> layers;
  private final List<Param> params;
  private final int inputSize;
  private final int outputSize;
  private final int firstTrainable;
  private float[] dLogits;

  public Model(ModelSpec spec) {
    this.spec = spec;
    this.layers = spec.buildLayers();
    List<Param> ps = new ArrayList<>();
    for (Layer l : layers) {
      ps.addAll(l.params());
    }
    this.params = Collections.unmodifiableList(ps);
    this.inputSize = Shapes.numel(spec.input());
    this.outputSize = layers.get(layers.size() - 1).outSize();
    int first = layers.size();
    for (int i = layers.size() - 1; i >= 0; i--) {
      if (!layers.get(i).params().isEmpty()) {
        first = i;
      }
    }
    this.firstTrainable = first;
  }

  public ModelSpec spec() {
    return spec;
  }

  /** The layers, in spec order (read-only: for exporters that translate the model). */
  public List<Layer> layers() {
    return Collections.unmodifiableList(layers);
  }

  /** Parameters in canonical order: layer by layer, each layer's own order (weight, bias). */
  public List<Param> params() {
    return params;
  }

  public int inputSize() {
    return inputSize;
  }

  /** Number of outputs (classes) per sample. */
  public int outputSize() {
    return outputSize;
  }

  public long parameterCount() {
    long n = 0;
    for (Param p : params) {
      n += p.numel();
    }
    return n;
  }

  /**
   * Draws every parameter from streams keyed by {@code initKey}: layer {@code i} uses the stream
   * {@code Rng.deriveKey(initKey, "init", i)}. Dropout layers get their mask keys from {@code
   * dropoutKey} the same way.
   */
  public void initialize(long initKey, long dropoutKey) {
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      l.initialize(new Rng(Rng.deriveKey(initKey, "init", i)));
      if (l instanceof Dropout d) {
        d.setKey(Rng.deriveKey(dropoutKey, "dropout", i));
      }
    }
  }

  /** Sets dropout keys without touching parameters (after loading a checkpoint). */
  public void setDropoutKey(long dropoutKey) {
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof Dropout d) {
        d.setKey(Rng.deriveKey(dropoutKey, "dropout", i));
      }
    }
  }

  /** The logits for {@code batch} samples. The returned array is owned by the last layer. */
  public float[] forward(float[] x, int batch, ExecContext ctx) {
    float[] a = x;
    for (Layer l : layers) {
      a = l.forward(a, batch, ctx);
    }
    return a;
  }

  /**
   * One forward and backward pass: returns the mean loss and leaves every parameter's gradient in
   * {@link Param#grad()}.
   */
  public double forwardBackward(float[] x, int[] labels, int batch, ExecContext ctx) {
    float[] logits = forward(x, batch, ctx);
    if (dLogits == null || dLogits.length < batch * outputSize) {
      dLogits = new float[batch * outputSize];
    }
    double loss = spec.loss().evaluate(logits, labels, batch, outputSize, dLogits);
    float[] g = dLogits;
    // Layers up to the first one with parameters need no input gradient: nothing uses it.
    for (int i = layers.size() - 1; i >= firstTrainable; i--) {
      g = layers.get(i).backward(g, batch, i > firstTrainable, ctx);
    }
    return loss;
  }

  /** The predicted class of each of {@code batch} samples (the first maximum wins ties). */
  public void predict(float[] x, int batch, ExecContext ctx, int[] out) {
    float[] logits = forward(x, batch, ctx);
    for (int b = 0; b < batch; b++) {
      int base = b * outputSize;
      int best = 0;
      for (int j = 1; j < outputSize; j++) {
        if (logits[base + j] > logits[base + best]) {
          best = j;
        }
      }
      out[b] = best;
    }
  }
}

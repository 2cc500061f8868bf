package network.pot.export;

import java.util.ArrayList;
import java.util.List;
import network.pot.tensor.Layer;
import network.pot.tensor.nn.Activation;
import network.pot.tensor.nn.Conv2d;
import network.pot.tensor.nn.Dropout;
import network.pot.tensor.nn.Flatten;
import network.pot.tensor.nn.Linear;
import network.pot.tensor.nn.MaxPool2d;
import network.pot.tensor.nn.Model;
import network.pot.tensor.nn.Normalize;

/**
 * A trained model translated from the engine's channels-last layout to the channels-first one that
 * ONNX and PyTorch use, as a list of operations and the parameter tensors they read.
 *
 * <p>The engine keeps a sample as {@code [H, W, C]}, a conv weight as {@code [(kh*K + kw)*C +
 * c][oc]} and a linear weight as {@code [in][out]}. The portable form takes {@code [N, H, W, C]}
 * input, transposes it once to {@code [N, C, H, W]}, and from there on is plain NCHW: conv weights
 * {@code [OC, C, K, K]}, linear weights {@code [out, in]}. A linear layer reading a flattened image
 * gets its input rows permuted from the engine's {@code (y, x, c)} order to the {@code (c, y, x)}
 * order a channels-first flatten produces, so no transpose back is needed. Dropout is the identity
 * at inference and is left out.
 */
public final class PortableModel {
  /** One operation of the translated graph, in execution order. */
  public sealed interface Op
      permits ToChannelsFirst, Standardize, Conv, MaxPool, Relu, Tanh, FlattenOp, Gemm {}

  /** {@code [N, H, W, C] -> [N, C, H, W]}. */
  public record ToChannelsFirst() implements Op {}

  /** {@code (x - mean) / std}. */
  public record Standardize(float mean, float std) implements Op {}

  /** A convolution of spec layer {@code layer}: weight and bias tensors named after it. */
  public record Conv(int layer, int kernel, int stride, int padding) implements Op {}

  /** Max pooling without padding. */
  public record MaxPool(int kernel, int stride) implements Op {}

  /** {@code max(x, 0)}. */
  public record Relu() implements Op {}

  /** {@code tanh(x)}. */
  public record Tanh() implements Op {}

  /** {@code [N, ...] -> [N, prod(...)]}. */
  public record FlattenOp() implements Op {}

  /** {@code x W^T + b} of spec layer {@code layer}. */
  public record Gemm(int layer) implements Op {}

  /** A parameter in the portable layout: row-major {@code values} of {@code shape}. */
  @SuppressWarnings("ArrayRecordComponent") // handed to writers as built, never compared
  public record Tensor(String name, int[] shape, float[] values) {}

  private final int[] input;
  private final int outputs;
  private final List<Op> ops;
  private final List<Tensor> tensors;

  private PortableModel(int[] input, int outputs, List<Op> ops, List<Tensor> tensors) {
    this.input = input;
    this.outputs = outputs;
    this.ops = List.copyOf(ops);
    this.tensors = List.copyOf(tensors);
  }

  /** Per-sample input shape as the engine takes it (channels last). */
  public int[] input() {
    return input.clone();
  }

  /** Logits per sample. */
  public int outputs() {
    return outputs;
  }

  public List<Op> ops() {
    return ops;
  }

  /** Parameters in spec order: {@code layers.<i>.weight} then {@code layers.<i>.bias}. */
  public List<Tensor> tensors() {
    return tensors;
  }

  /** The name of spec layer {@code i}'s weight. */
  public static String weightName(int layer) {
    return "layers." + layer + ".weight";
  }

  /** The name of spec layer {@code i}'s bias. */
  public static String biasName(int layer) {
    return "layers." + layer + ".bias";
  }

  /** Translates {@code m}; throws IllegalArgumentException for a layer with no translation. */
  public static PortableModel of(Model m) {
    List<Layer> layers = m.layers();
    int[] input = m.spec().input();
    List<Op> ops = new ArrayList<>();
    List<Tensor> tensors = new ArrayList<>();
    boolean image = input.length == 3; // the current tensor is an NCHW image
    int[] flattenedImage = null; // [H, W, C] when the current vector is a channels-first flatten
    if (image) {
      ops.add(new ToChannelsFirst());
    }
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      int[] in = l.inShape();
      if (l instanceof Normalize n) {
        ops.add(new Standardize(n.mean(), n.std()));
      } else if (l instanceof Activation a) {
        ops.add(a.kind() == Activation.Kind.RELU ? new Relu() : new Tanh());
      } else if (l instanceof Dropout) {
        // identity at inference: nothing to emit
      } else if (l instanceof Conv2d c) {
        requireImage(image, i, "conv2d");
        ops.add(new Conv(i, c.kernel(), c.stride(), c.padding()));
        tensors.add(convWeight(i, c, in));
        tensors.add(new Tensor(biasName(i), new int[] {c.outChannels()}, bias(c)));
      } else if (l instanceof MaxPool2d p) {
        requireImage(image, i, "maxpool2d");
        ops.add(new MaxPool(p.kernel(), p.stride()));
      } else if (l instanceof Flatten) {
        if (in.length > 1) {
          ops.add(new FlattenOp());
          flattenedImage = image ? in : null;
        }
        image = false;
      } else if (l instanceof Linear lin) {
        if (in.length > 1) {
          ops.add(new FlattenOp());
          flattenedImage = image ? in : null;
        }
        image = false;
        ops.add(new Gemm(i));
        tensors.add(linearWeight(i, lin, flattenedImage));
        tensors.add(new Tensor(biasName(i), new int[] {lin.outSize()}, bias(lin)));
        flattenedImage = null;
      } else {
        throw new IllegalArgumentException(
            "layers[" + i + "]: no export for layer " + l.getClass().getSimpleName());
      }
    }
    return new PortableModel(input, m.outputSize(), ops, tensors);
  }

  private static void requireImage(boolean image, int i, String what) {
    if (!image) {
      throw new IllegalArgumentException("layers[" + i + "]: " + what + " needs an image input");
    }
  }

  private static float[] bias(Layer l) {
    return l.params().get(1).value().clone();
  }

  /** Engine {@code [(kh*K + kw)*C + c][oc]} to {@code [oc][c][kh][kw]}. */
  private static Tensor convWeight(int i, Conv2d conv, int[] in) {
    int k = conv.kernel();
    int c = in[2];
    int oc = conv.outChannels();
    float[] w = conv.params().get(0).value();
    float[] out = new float[w.length];
    int dst = 0;
    for (int o = 0; o < oc; o++) {
      for (int ch = 0; ch < c; ch++) {
        for (int kh = 0; kh < k; kh++) {
          for (int kw = 0; kw < k; kw++) {
            out[dst++] = w[((kh * k + kw) * c + ch) * oc + o];
          }
        }
      }
    }
    return new Tensor(weightName(i), new int[] {oc, c, k, k}, out);
  }

  /**
   * Engine {@code [in][out]} to {@code [out][in']}; when the input is a flattened {@code [H, W, C]}
   * image, {@code in'} runs in channels-first {@code (c, y, x)} order.
   */
  private static Tensor linearWeight(int i, Linear lin, int[] hwc) {
    int in = lin.inSize();
    int out = lin.outSize();
    float[] w = lin.params().get(0).value();
    float[] t = new float[w.length];
    for (int r = 0; r < in; r++) {
      int col = r;
      if (hwc != null) { // r = (y*W + x)*C + c  ->  (c*H + y)*W + x
        int ch = r % hwc[2];
        int pixel = r / hwc[2];
        col = ch * hwc[0] * hwc[1] + pixel;
      }
      for (int o = 0; o < out; o++) {
        t[o * in + col] = w[r * out + o];
      }
    }
    return new Tensor(weightName(i), new int[] {out, in}, t);
  }
}

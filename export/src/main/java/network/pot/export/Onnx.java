package network.pot.export;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An ONNX model (opset 17, IR version 8) of a {@link PortableModel}, written field by field with
 * protobuf's {@link CodedOutputStream}. Input {@code input} is {@code [batch, H, W, C]} float (the
 * engine's layout; {@code [batch, n]} for vector input), output {@code logits} is {@code [batch,
 * classes]}; {@code batch} is symbolic.
 *
 * <p>Field numbers, from onnx/onnx.proto (proto2, so repeated scalars are written unpacked):
 *
 * <pre>
 * ModelProto        ir_version=1 (int64), producer_name=2, producer_version=3, graph=7,
 *                   opset_import=8, metadata_props=14
 * OperatorSetIdProto domain=1, version=2 (int64)
 * StringStringEntryProto key=1, value=2
 * GraphProto        node=1, name=2, initializer=5, input=11, output=12
 * NodeProto         input=1, output=2, name=3, op_type=4, attribute=5
 * AttributeProto    name=1, i=3 (int64), ints=8 (int64), type=20 (AttributeType: INT=2, INTS=7)
 * TensorProto       dims=1 (int64), data_type=2 (FLOAT=1), name=8, raw_data=9 (little-endian)
 * ValueInfoProto    name=1, type=2
 * TypeProto         tensor_type=1;  TypeProto.Tensor elem_type=1, shape=2
 * TensorShapeProto  dim=1;  Dimension dim_value=1 (int64), dim_param=2
 * </pre>
 */
public final class Onnx {
  /** The operator set the graph is written against. */
  public static final int OPSET = 17;

  /** The IR version that goes with opset 17. */
  public static final int IR_VERSION = 8;

  private static final int FLOAT = 1;
  private static final int ATTR_INT = 2;
  private static final int ATTR_INTS = 7;

  private Onnx() {}

  /** The model file's bytes. */
  public static byte[] encode(PortableModel model, Metadata metadata) {
    Msg graph = new Msg();
    String x = "input";
    int last = model.ops().size() - 1;
    for (int i = 0; i <= last; i++) {
      PortableModel.Op op = model.ops().get(i);
      String y = i == last ? "logits" : "t" + i;
      String name = "n" + i;
      Msg node;
      if (op instanceof PortableModel.ToChannelsFirst) {
        node = node(name, "Transpose", y, x).msg(5, ints("perm", 0, 3, 1, 2));
      } else if (op instanceof PortableModel.Standardize s) {
        // Sub then Div by scalar constants: the engine's (x - mean) / std, rounded the same way
        String mean = name + ".mean";
        String std = name + ".std";
        graph.msg(5, scalar(mean, s.mean()));
        graph.msg(5, scalar(std, s.std()));
        graph.msg(1, node(name + ".sub", "Sub", name + ".centered", x, mean));
        node = node(name, "Div", y, name + ".centered", std);
      } else if (op instanceof PortableModel.Conv c) {
        node =
            node(
                    name,
                    "Conv",
                    y,
                    x,
                    PortableModel.weightName(c.layer()),
                    PortableModel.biasName(c.layer()))
                .msg(5, ints("kernel_shape", c.kernel(), c.kernel()))
                .msg(5, ints("strides", c.stride(), c.stride()))
                .msg(5, ints("pads", c.padding(), c.padding(), c.padding(), c.padding()));
      } else if (op instanceof PortableModel.MaxPool p) {
        node =
            node(name, "MaxPool", y, x)
                .msg(5, ints("kernel_shape", p.kernel(), p.kernel()))
                .msg(5, ints("strides", p.stride(), p.stride()));
      } else if (op instanceof PortableModel.Relu) {
        node = node(name, "Relu", y, x);
      } else if (op instanceof PortableModel.Tanh) {
        node = node(name, "Tanh", y, x);
      } else if (op instanceof PortableModel.FlattenOp) {
        node = node(name, "Flatten", y, x).msg(5, attrInt("axis", 1));
      } else if (op instanceof PortableModel.Gemm g) {
        node =
            node(
                    name,
                    "Gemm",
                    y,
                    x,
                    PortableModel.weightName(g.layer()),
                    PortableModel.biasName(g.layer()))
                .msg(5, attrInt("transB", 1));
      } else {
        throw new IllegalStateException("unhandled op " + op);
      }
      graph.msg(1, node);
      x = y;
    }
    if (model.ops().isEmpty()) { // a model of identities only (dropout): name its output anyway
      graph.msg(1, node("n0", "Identity", "logits", x));
    }
    graph.string(2, "pot");
    for (PortableModel.Tensor t : model.tensors()) {
      graph.msg(5, tensor(t.name(), t.shape(), t.values()));
    }
    int[] in = model.input();
    long[] inShape = new long[in.length + 1];
    inShape[0] = -1;
    for (int i = 0; i < in.length; i++) {
      inShape[i + 1] = in[i];
    }
    graph.msg(11, valueInfo("input", inShape));
    graph.msg(12, valueInfo("logits", new long[] {-1, model.outputs()}));

    Msg m = new Msg();
    m.int64(1, IR_VERSION);
    m.string(2, "pot");
    m.string(3, "1");
    m.msg(7, graph);
    m.msg(8, new Msg().string(1, "").int64(2, OPSET));
    for (Map.Entry<String, String> e : metadata.entries().entrySet()) {
      m.msg(14, new Msg().string(1, e.getKey()).string(2, e.getValue()));
    }
    return m.bytes();
  }

  private static Msg node(String name, String opType, String output, String... inputs) {
    Msg node = new Msg();
    for (String i : inputs) {
      node.string(1, i);
    }
    node.string(2, output);
    node.string(3, name);
    node.string(4, opType);
    return node;
  }

  private static Msg ints(String name, long... values) {
    Msg a = new Msg().string(1, name);
    for (long v : values) {
      a.int64(8, v);
    }
    return a.int64(20, ATTR_INTS);
  }

  private static Msg attrInt(String name, long v) {
    return new Msg().string(1, name).int64(3, v).int64(20, ATTR_INT);
  }

  private static Msg scalar(String name, float v) {
    return tensor(name, new int[0], new float[] {v});
  }

  private static Msg tensor(String name, int[] shape, float[] values) {
    Msg t = new Msg();
    for (int d : shape) {
      t.int64(1, d);
    }
    t.int64(2, FLOAT);
    t.string(8, name);
    ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      raw.putFloat(v);
    }
    return t.bytes(9, raw.array());
  }

  /** A float tensor value; a negative dimension is the symbolic {@code batch}. */
  private static Msg valueInfo(String name, long[] shape) {
    Msg dims = new Msg();
    for (long d : shape) {
      dims.msg(1, d < 0 ? new Msg().string(2, "batch") : new Msg().int64(1, d));
    }
    Msg tensorType = new Msg().int64(1, FLOAT).msg(2, dims);
    return new Msg().string(1, name).msg(2, new Msg().msg(1, tensorType));
  }

  /**
   * A message under construction: fields appended in the order written, nested messages encoded
   * first and embedded as length-delimited bytes (the same wire form as a sub-message).
   */
  private static final class Msg {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(buf);

    Msg int64(int field, long v) {
      try {
        out.writeInt64(field, v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Msg string(int field, String s) {
      return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    Msg bytes(int field, byte[] b) {
      try {
        out.writeByteArray(field, b);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Msg msg(int field, Msg m) {
      return bytes(field, m.bytes());
    }

    byte[] bytes() {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return buf.toByteArray();
    }
  }
}

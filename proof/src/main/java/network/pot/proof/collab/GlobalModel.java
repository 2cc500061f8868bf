package network.pot.proof.collab;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import network.pot.base.codec.LittleEndian;
import network.pot.base.crypto.Sha256;
import network.pot.proof.StartState;
import network.pot.tensor.Param;
import network.pot.tensor.data.DataFormatException;
import network.pot.tensor.nn.Model;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.Optimizer;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Trainer;

/**
 * The global model {@code G_r} at the start of round {@code r} and the outer optimizer's momentum
 * buffers: immutable, content addressed.
 *
 * <p>{@link #modelHash()} is the engine's {@link Checkpoint#modelHash} of the weights, so the final
 * model is fetched and checked like a competitive task's. {@link #stateHash()} is the SHA-256 of
 * {@link #encode()}: {@code "POTCOLLAB1"}, the model spec (u32 length, UTF-8), the round (u64), the
 * parameter tensors and then the momentum tensors, each list as a u32 count of (u32 length, float32
 * values) entries; all little-endian. Both go on chain; the bytes travel as a blob.
 */
public final class GlobalModel {
  private static final byte[] MAGIC = "POTCOLLAB1".getBytes(StandardCharsets.US_ASCII);

  private final ModelSpec spec;
  private final int round;
  private final List<float[]> params;
  private final List<float[]> momentum;
  private final byte[] modelHash;

  GlobalModel(ModelSpec spec, int round, List<float[]> params, List<float[]> momentum) {
    if (params.size() != momentum.size()) {
      throw new IllegalArgumentException("one momentum buffer per parameter tensor");
    }
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).length != momentum.get(i).length) {
        throw new IllegalArgumentException("momentum buffer " + i + " has the wrong size");
      }
    }
    this.spec = spec;
    this.round = round;
    this.params = List.copyOf(params);
    this.momentum = List.copyOf(momentum);
    Model m = newModel();
    this.modelHash = Checkpoint.modelHash(m);
    if (m.params().size() != params.size()) {
      throw new IllegalArgumentException("the model has " + m.params().size() + " tensors");
    }
  }

  /**
   * {@code G_0}: the weights drawn from the keys {@code tagged("pot/collab/genesis/v1", taskId)}
   * (init key: bytes 0..8, little-endian) with zero momentum. Anyone can recompute it from the
   * task.
   */
  public static GlobalModel genesis(CollabSpec spec) {
    byte[] seed = Sha256.tagged("pot/collab/genesis/v1", spec.taskId());
    Model m = new Model(spec.inner().model());
    m.initialize(LittleEndian.getU64(seed, 0), LittleEndian.getU64(seed, 8));
    List<float[]> ps = new ArrayList<>();
    List<float[]> mom = new ArrayList<>();
    for (Param p : m.params()) {
      ps.add(p.value().clone());
      mom.add(new float[p.numel()]);
    }
    return new GlobalModel(spec.inner().model(), 0, ps, mom);
  }

  public ModelSpec spec() {
    return spec;
  }

  /** The round this model starts: {@code r} for {@code G_r}. */
  public int round() {
    return round;
  }

  /** A copy of parameter tensor {@code i}. */
  public float[] param(int i) {
    return params.get(i).clone();
  }

  /** A copy of momentum buffer {@code i}. */
  public float[] momentum(int i) {
    return momentum.get(i).clone();
  }

  public int tensors() {
    return params.size();
  }

  /** Parameters in the model. */
  public long parameterCount() {
    long n = 0;
    for (float[] p : params) {
      n += p.length;
    }
    return n;
  }

  /** Bytes of the weights as they travel: 4 per parameter. */
  public long weightBytes() {
    return 4 * parameterCount();
  }

  float[] paramView(int i) {
    return params.get(i);
  }

  float[] momentumView(int i) {
    return momentum.get(i);
  }

  /** The engine's model hash of the weights. */
  public byte[] modelHash() {
    return modelHash.clone();
  }

  /**
   * The outer optimizer state's own hash: {@code tagged("pot/collab/outer/v1", u64le(round),
   * momentum tensors as in the encoding)}, for a chain that records the model and the optimizer
   * state apart.
   */
  public byte[] outerStateHash() {
    long n = 4;
    for (float[] m : momentum) {
      n += 4 + 4L * m.length;
    }
    if (n > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("the outer state would exceed 2 GiB");
    }
    ByteBuffer b = ByteBuffer.allocate((int) n).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(momentum.size());
    for (float[] m : momentum) {
      b.putInt(m.length);
      b.asFloatBuffer().put(m);
      b.position(b.position() + 4 * m.length);
    }
    return Sha256.tagged("pot/collab/outer/v1", LittleEndian.u64(round), b.array());
  }

  /** SHA-256 of {@link #encode()}: the weights, the round and the outer optimizer state. */
  public byte[] stateHash() {
    return Sha256.of(encode());
  }

  /** A model with these weights (for evaluation and export). */
  public Model model() {
    return newModel();
  }

  private Model newModel() {
    Model m = new Model(spec);
    List<Param> ps = m.params();
    for (int i = 0; i < ps.size() && i < params.size(); i++) {
      if (ps.get(i).numel() != params.get(i).length) {
        throw new IllegalArgumentException("parameter tensor " + i + " has the wrong size");
      }
      System.arraycopy(params.get(i), 0, ps.get(i).value(), 0, params.get(i).length);
    }
    return m;
  }

  /**
   * The start of every contribution of this round: these weights, the inner optimizer's zero state,
   * step 0, and the contribution's keys (dropout from its binding).
   */
  public StartState start() {
    return (task, seeds, train) -> {
      if (!task.model().equals(spec)) {
        throw new IllegalArgumentException("the task's model is not the global model's");
      }
      Model m = newModel();
      m.setDropoutKey(seeds.dropoutKey());
      return new Trainer(
          m, new Optimizer(task.optimizer(), m.params()), train, task.batch(), seeds);
    };
  }

  /** The canonical bytes (see the class comment). */
  public byte[] encode() {
    byte[] json = spec.canonicalJson().getBytes(StandardCharsets.UTF_8);
    long n = MAGIC.length + 4L + json.length + 8 + 4 + 4;
    for (int i = 0; i < params.size(); i++) {
      n += 8L + 4L * params.get(i).length + 4L * momentum.get(i).length;
    }
    if (n > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("the global model would exceed 2 GiB");
    }
    ByteBuffer b = ByteBuffer.allocate((int) n).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putInt(json.length).put(json).putLong(round);
    for (List<float[]> list : List.of(params, momentum)) {
      b.putInt(list.size());
      for (float[] f : list) {
        b.putInt(f.length);
        b.asFloatBuffer().put(f);
        b.position(b.position() + 4 * f.length);
      }
    }
    return b.array();
  }

  /**
   * Decodes {@link #encode()}'s form, refusing anything that is not exactly a model of {@code
   * spec}.
   */
  public static GlobalModel decode(byte[] bytes, ModelSpec spec) throws DataFormatException {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      byte[] magic = new byte[MAGIC.length];
      b.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new DataFormatException("not a global model (bad magic)");
      }
      byte[] json = spec.canonicalJson().getBytes(StandardCharsets.UTF_8);
      byte[] got = new byte[b.getInt()];
      b.get(got);
      if (!Arrays.equals(got, json)) {
        throw new DataFormatException("the global model is of another model spec");
      }
      long round = b.getLong();
      if (round < 0 || round > CollabSpec.MAX_ROUNDS) {
        throw new DataFormatException("round " + round + " is out of range");
      }
      List<List<float[]>> lists = new ArrayList<>();
      for (int l = 0; l < 2; l++) {
        int count = b.getInt();
        if (count < 0 || count > 4096) {
          throw new DataFormatException("bad tensor count " + count);
        }
        List<float[]> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          int len = b.getInt();
          if (len < 0 || 4L * len > b.remaining()) {
            throw new DataFormatException("truncated global model");
          }
          float[] f = new float[len];
          b.asFloatBuffer().get(f);
          b.position(b.position() + 4 * len);
          list.add(f);
        }
        lists.add(list);
      }
      if (b.hasRemaining()) {
        throw new DataFormatException("trailing bytes after the global model");
      }
      return new GlobalModel(spec, (int) round, lists.get(0), lists.get(1));
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new DataFormatException("malformed global model: " + e.getMessage());
    }
  }
}

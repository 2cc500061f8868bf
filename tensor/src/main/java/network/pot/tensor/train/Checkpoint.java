package network.pot.tensor.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import network.pot.tensor.Param;
import network.pot.tensor.data.DataFormatException;
import network.pot.tensor.nn.Model;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.Optimizer;
import network.pot.tensor.optim.OptimizerSpec;

/**
 * The checkpoint file: model, optimizer state and training position in one canonical byte form
 * (format in {@code docs/checkpoint-format.md}). All integers and floats are little-endian; the
 * file ends with the SHA-256 of everything before it, which is also the <em>state hash</em> that a
 * proof of training commits to.
 *
 * <p>The <em>model hash</em> is SHA-256 over {@code "POTMODEL1"}, the spec and the parameters
 * section alone: two runs that end at the same weights have the same model hash whatever their
 * optimizer state.
 */
public final class Checkpoint {
  static final byte[] MAGIC = "POTCKPT1".getBytes(StandardCharsets.US_ASCII);
  static final byte[] MODEL_MAGIC = "POTMODEL1".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_JSON = 1 << 20;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** What a checkpoint holds besides the model's own parameters. */
  public record Contents(
      ModelSpec modelSpec,
      List<float[]> params,
      OptimizerSpec optimizerSpec,
      long optimizerUpdates,
      List<float[]> optimizerState,
      long step,
      Seeds seeds,
      int batch,
      byte[] stateHash) {
    /** A model with these parameters. */
    public Model model() {
      Model m = new Model(modelSpec);
      List<Param> ps = m.params();
      if (ps.size() != params.size()) {
        throw new IllegalArgumentException("checkpoint parameter count does not match its spec");
      }
      for (int i = 0; i < ps.size(); i++) {
        if (ps.get(i).numel() != params.get(i).length) {
          throw new IllegalArgumentException(
              "checkpoint parameter " + i + " has the wrong size for its spec");
        }
        System.arraycopy(params.get(i), 0, ps.get(i).value(), 0, params.get(i).length);
      }
      m.setDropoutKey(seeds.dropoutKey());
      return m;
    }

    /** A trainer positioned exactly where the checkpoint was taken. */
    public Trainer trainer(network.pot.tensor.data.Dataset train) {
      Model m = model();
      Optimizer opt = new Optimizer(optimizerSpec, m.params());
      if (opt.state().size() != optimizerState.size()) {
        throw new IllegalArgumentException("checkpoint optimizer state does not match its spec");
      }
      for (int i = 0; i < optimizerState.size(); i++) {
        float[] dst = opt.state().get(i);
        if (dst.length != optimizerState.get(i).length) {
          throw new IllegalArgumentException("checkpoint optimizer state has the wrong size");
        }
        System.arraycopy(optimizerState.get(i), 0, dst, 0, dst.length);
      }
      opt.setUpdates(optimizerUpdates);
      Trainer t = new Trainer(m, opt, train, batch, seeds);
      t.setStep(step);
      return t;
    }
  }

  private Checkpoint() {}

  /** The canonical bytes of the trainer's whole state, ending with their SHA-256. */
  public static byte[] encode(Trainer t) {
    return seal(encodeUnsealed(t));
  }

  /**
   * The canonical bytes of the trainer's state with a zeroed 32-byte trailer: the copy that must be
   * taken while training is paused. {@link #seal} fills the trailer later, off the training path if
   * the caller likes.
   */
  public static byte[] encodeUnsealed(Trainer t) {
    Model m = t.model();
    Optimizer opt = t.optimizer();
    long floats = 0;
    for (Param p : m.params()) {
      floats += 1 + p.numel();
    }
    for (float[] st : opt.state()) {
      floats += 1 + st.length;
    }
    Out out = new Out((int) Math.min(Integer.MAX_VALUE - 64, 4 * floats + 4096 + 32));
    out.bytes(MAGIC);
    writeModelSection(out, m);
    out.string(opt.spec().canonicalJson());
    out.u64(opt.updates());
    out.u32(opt.state().size());
    for (float[] st : opt.state()) {
      out.floats(st);
    }
    out.u64(t.step());
    out.u64(t.seeds().initKey());
    out.u64(t.seeds().dataKey());
    out.u64(t.seeds().dropoutKey());
    out.u32(t.batchSize());
    out.bytes(new byte[32]);
    byte[] all = out.array();
    return all.length == out.size() ? all : Arrays.copyOf(all, out.size());
  }

  /** Writes SHA-256 of everything before the last 32 bytes into them; returns {@code blob}. */
  public static byte[] seal(byte[] blob) {
    MessageDigest sha = sha256();
    sha.update(blob, 0, blob.length - 32);
    try {
      sha.digest(blob, blob.length - 32, 32);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException(e);
    }
    return blob;
  }

  /** SHA-256 of the trainer's canonical state (the checkpoint's trailer). */
  public static byte[] stateHash(Trainer t) {
    byte[] b = encode(t);
    return Arrays.copyOfRange(b, b.length - 32, b.length);
  }

  /** The model hash: SHA-256 over "POTMODEL1", the canonical spec and the parameters. */
  public static byte[] modelHash(Model m) {
    Out out = new Out(4 * (int) Math.min(Integer.MAX_VALUE / 8, m.parameterCount() + 64) + 4096);
    out.bytes(MODEL_MAGIC);
    writeModelSection(out, m);
    MessageDigest sha = sha256();
    sha.update(out.array(), 0, out.size());
    return sha.digest();
  }

  public static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static void writeModelSection(Out out, Model m) {
    out.string(m.spec().canonicalJson());
    out.u32(m.params().size());
    for (Param p : m.params()) {
      out.floats(p.value());
    }
  }

  /** Writes the checkpoint atomically (temp file, fsync, rename): a crash leaves old or new. */
  public static void write(Trainer t, Path file) throws IOException {
    byte[] bytes = encode(t);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (var ch =
          java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Reads and fully validates a checkpoint file. */
  public static Contents read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file + ": no such checkpoint file");
    }
    return decode(Files.readAllBytes(file), file.toString());
  }

  /** Decodes checkpoint bytes; {@code name} labels errors. */
  public static Contents decode(byte[] b, String name) throws DataFormatException {
    if (b.length < MAGIC.length + 32 || !Arrays.equals(Arrays.copyOf(b, MAGIC.length), MAGIC)) {
      throw new DataFormatException(name + ": not a PoT checkpoint (bad magic)");
    }
    byte[] body = Arrays.copyOf(b, b.length - 32);
    byte[] trailer = Arrays.copyOfRange(b, b.length - 32, b.length);
    if (!MessageDigest.isEqual(sha256().digest(body), trailer)) {
      throw new DataFormatException(name + ": corrupt checkpoint (SHA-256 trailer mismatch)");
    }
    In in = new In(body, name);
    in.skip(MAGIC.length);
    ModelSpec spec;
    try {
      spec = ModelSpec.parse(in.string());
    } catch (IllegalArgumentException e) {
      throw new DataFormatException(name + ": bad model spec: " + e.getMessage());
    }
    int np = in.count();
    List<float[]> params = new java.util.ArrayList<>();
    for (int i = 0; i < np; i++) {
      params.add(in.floats());
    }
    OptimizerSpec os;
    try {
      os = parseOptimizer(in.string());
    } catch (IllegalArgumentException e) {
      throw new DataFormatException(name + ": bad optimizer spec: " + e.getMessage());
    }
    long updates = in.u64();
    int ns = in.count();
    List<float[]> state = new java.util.ArrayList<>();
    for (int i = 0; i < ns; i++) {
      state.add(in.floats());
    }
    long step = in.u64();
    Seeds seeds = new Seeds(in.u64(), in.u64(), in.u64());
    int batch = in.count();
    if (!in.atEnd()) {
      throw new DataFormatException(name + ": trailing bytes after the checkpoint body");
    }
    if (step < 0 || updates < 0 || batch <= 0) {
      throw new DataFormatException(name + ": negative step, update count or batch");
    }
    return new Contents(spec, params, os, updates, state, step, seeds, batch, trailer);
  }

  static OptimizerSpec parseOptimizer(String json) {
    try {
      var node = JSON.readTree(json);
      return new OptimizerSpec(
          node.get("type").asText(),
          node.get("lr").floatValue(),
          node.get("momentum").floatValue(),
          node.get("weight_decay").floatValue(),
          node.get("beta1").floatValue(),
          node.get("beta2").floatValue(),
          node.get("eps").floatValue());
    } catch (IOException | NullPointerException e) {
      throw new IllegalArgumentException("malformed optimizer JSON", e);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Little-endian writer into one array that grows by doubling; sized up front by {@link #encode},
   * so a checkpoint is written with a single copy of each tensor.
   */
  private static final class Out {
    private byte[] buf;
    private ByteBuffer bb;

    Out(int capacity) {
      buf = new byte[Math.max(64, capacity)];
      bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void ensure(int more) {
      if (bb.remaining() < more) {
        int pos = bb.position();
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        bb.position(pos);
      }
    }

    void bytes(byte[] b) {
      ensure(b.length);
      bb.put(b);
    }

    void u32(int v) {
      ensure(4);
      bb.putInt(v);
    }

    void u64(long v) {
      ensure(8);
      bb.putLong(v);
    }

    void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      u32(b.length);
      bytes(b);
    }

    void floats(float[] f) {
      u32(f.length);
      ensure(4 * f.length);
      bb.asFloatBuffer().put(f);
      bb.position(bb.position() + 4 * f.length);
    }

    int size() {
      return bb.position();
    }

    byte[] array() {
      return buf;
    }
  }

  private static final class In {
    private final ByteBuffer buf;
    private final String name;

    In(byte[] b, String name) {
      this.buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      this.name = name;
    }

    void skip(int n) {
      buf.position(buf.position() + n);
    }

    private void need(long n) throws DataFormatException {
      if (n < 0 || buf.remaining() < n) {
        throw new DataFormatException(name + ": truncated checkpoint");
      }
    }

    int count() throws DataFormatException {
      need(4);
      int v = buf.getInt();
      if (v < 0) {
        throw new DataFormatException(name + ": negative length in checkpoint");
      }
      return v;
    }

    long u64() throws DataFormatException {
      need(8);
      return buf.getLong();
    }

    String string() throws DataFormatException {
      int n = count();
      if (n > MAX_JSON) {
        throw new DataFormatException(name + ": oversize JSON section in checkpoint");
      }
      need(n);
      byte[] b = new byte[n];
      buf.get(b);
      return new String(b, StandardCharsets.UTF_8);
    }

    float[] floats() throws DataFormatException {
      int n = count();
      need(4L * n);
      float[] f = new float[n];
      buf.asFloatBuffer().get(f);
      buf.position(buf.position() + 4 * n);
      return f;
    }

    boolean atEnd() {
      return !buf.hasRemaining();
    }
  }
}

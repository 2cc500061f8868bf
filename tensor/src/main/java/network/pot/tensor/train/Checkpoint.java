package network.pot.tensor.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import network.pot.base.bytes.Hex;
import network.pot.base.codec.LittleEndian;
import network.pot.base.crypto.Sha256;
import network.pot.base.io.AtomicFiles;
import network.pot.base.json.Json;
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
  private static final int TRAILER = 32;
  private static final int MAX_JSON = 1 << 20;

  /** What a checkpoint holds besides the model's own parameters. */
  // stateHash is handed over as decoded, like the tensors; contents are never compared with equals
  @SuppressWarnings("ArrayRecordComponent")
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
    byte[] blob = new byte[encodedLength(t)];
    encodeUnsealed(t, blob);
    return blob;
  }

  /** The exact length of the trainer's checkpoint, trailer included. */
  public static int encodedLength(Trainer t) {
    Out count = Out.counting();
    writeState(count, t);
    long length = count.size() + TRAILER;
    if (length > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("the checkpoint would exceed 2 GiB");
    }
    return (int) length;
  }

  /**
   * Like {@link #encodeUnsealed(Trainer)} into {@code blob}, which must be {@link
   * #encodedLength}{@code (t)} bytes long: a prover that keeps many checkpoints reuses its buffers
   * instead of allocating one per checkpoint.
   */
  public static void encodeUnsealed(Trainer t, byte[] blob) {
    Out out = Out.into(blob);
    writeState(out, t);
    if (out.size() + TRAILER != blob.length) {
      throw new IllegalArgumentException(
          "a checkpoint of this trainer is " + encodedLength(t) + " bytes, got " + blob.length);
    }
    Arrays.fill(blob, blob.length - TRAILER, blob.length, (byte) 0);
  }

  /** Writes SHA-256 of everything before the last 32 bytes into them; returns {@code blob}. */
  public static byte[] seal(byte[] blob) {
    MessageDigest sha = Sha256.digest();
    sha.update(blob, 0, blob.length - TRAILER);
    try {
      sha.digest(blob, blob.length - TRAILER, TRAILER);
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
    return blob;
  }

  /**
   * SHA-256 of the trainer's canonical state (the checkpoint's trailer), hashed as it is encoded:
   * no checkpoint-sized buffer is allocated.
   */
  public static byte[] stateHash(Trainer t) {
    Out out = Out.hashing(Sha256.digest());
    writeState(out, t);
    return out.digest();
  }

  /** The model hash: SHA-256 over "POTMODEL1", the canonical spec and the parameters. */
  public static byte[] modelHash(Model m) {
    Out out = Out.hashing(Sha256.digest());
    out.bytes(MODEL_MAGIC);
    writeModelSection(out, m);
    return out.digest();
  }

  /** Lower-case hex of a hash, as the tools print it. */
  public static String hex(byte[] b) {
    return Hex.encode(b);
  }

  /**
   * The checkpoint of a model no optimizer has stepped yet: {@code optimizer}'s zero state, step 0.
   * It is how a model made otherwise than by one trainer (a collaborative task's merged global
   * model) becomes a file that {@code pot predict}, {@code pot eval}, the exporters and further
   * training read; its model hash is {@link #modelHash}{@code (m)}.
   */
  public static byte[] encodeUntrained(Model m, OptimizerSpec optimizer, Seeds seeds, int batch) {
    Optimizer opt = new Optimizer(optimizer, m.params());
    Out count = Out.counting();
    writeState(count, m, opt, 0, seeds, batch);
    long length = count.size() + TRAILER;
    if (length > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("the checkpoint would exceed 2 GiB");
    }
    byte[] blob = new byte[(int) length];
    writeState(Out.into(blob), m, opt, 0, seeds, batch);
    return seal(blob);
  }

  /** Everything a checkpoint holds before its trailer, in the canonical order. */
  private static void writeState(Out out, Trainer t) {
    writeState(out, t.model(), t.optimizer(), t.step(), t.seeds(), t.batchSize());
  }

  private static void writeState(
      Out out, Model m, Optimizer opt, long step, Seeds seeds, int batch) {
    out.bytes(MAGIC);
    writeModelSection(out, m);
    out.string(opt.spec().canonicalJson());
    out.u64(opt.updates());
    out.u32(opt.state().size());
    for (float[] st : opt.state()) {
      out.floats(st);
    }
    out.u64(step);
    out.u64(seeds.initKey());
    out.u64(seeds.dataKey());
    out.u64(seeds.dropoutKey());
    out.u32(batch);
  }

  private static void writeModelSection(Out out, Model m) {
    out.string(m.spec().canonicalJson());
    out.u32(m.params().size());
    for (Param p : m.params()) {
      out.floats(p.value());
    }
  }

  /**
   * Writes the checkpoint atomically and durably (temp file, fsync, rename, fsync of the
   * directory): a crash leaves old or new.
   */
  public static void write(Trainer t, Path file) throws IOException {
    AtomicFiles.write(file, encode(t));
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
    checkMagic(b, name);
    MessageDigest sha = Sha256.digest();
    sha.update(b, 0, b.length - TRAILER);
    if (!MessageDigest.isEqual(sha.digest(), Arrays.copyOfRange(b, b.length - TRAILER, b.length))) {
      throw new DataFormatException(name + ": corrupt checkpoint (SHA-256 trailer mismatch)");
    }
    return decodeVerified(b, name);
  }

  /**
   * Like {@link #decode} for bytes whose trailer the caller has already checked to be the SHA-256
   * of the rest (a verifier that checked a blob against its content address): the body is not
   * hashed again. Every other check of {@link #decode} applies.
   */
  public static Contents decodeVerified(byte[] b, String name) throws DataFormatException {
    checkMagic(b, name);
    byte[] trailer = Arrays.copyOfRange(b, b.length - TRAILER, b.length);
    In in = new In(b, b.length - TRAILER, name);
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

  /**
   * Whether {@code blob} is sealed with {@code stateHash}: its last 32 bytes are the SHA-256 of the
   * rest and equal {@code stateHash}. A checkpoint fetched by its state hash from anyone is the one
   * that hash names exactly when this holds (whether it decodes is {@link #decodeVerified}'s
   * question).
   */
  public static boolean sealedWith(byte[] blob, byte[] stateHash) {
    if (blob.length < TRAILER) {
      return false;
    }
    int body = blob.length - TRAILER;
    MessageDigest md = Sha256.digest();
    md.update(blob, 0, body);
    return MessageDigest.isEqual(md.digest(), stateHash)
        && MessageDigest.isEqual(Arrays.copyOfRange(blob, body, blob.length), stateHash);
  }

  private static void checkMagic(byte[] b, String name) throws DataFormatException {
    if (b.length < MAGIC.length + TRAILER
        || !Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new DataFormatException(name + ": not a PoT checkpoint (bad magic)");
    }
  }

  static OptimizerSpec parseOptimizer(String json) {
    try {
      var node = Json.mapper().readTree(json);
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

  /**
   * Writer of the canonical form (integers through {@link LittleEndian}, float arrays in bulk as
   * little-endian IEEE 754), in one of three modes: into an array of the exact length (one copy of
   * each tensor), through a small staging buffer into a digest (hashing without a checkpoint-sized
   * copy), or only counting bytes (the exact length).
   */
  private static final class Out {
    private static final int CHUNK = 1 << 16;

    /** The array written into, or null when only counting; {@link #bb} tracks the position. */
    private final byte[] array;

    private final ByteBuffer bb;
    private final MessageDigest digest;
    private long size;

    private Out(byte[] array, MessageDigest digest) {
      this.array = array;
      this.bb = array == null ? null : ByteBuffer.wrap(array).order(ByteOrder.LITTLE_ENDIAN);
      this.digest = digest;
    }

    static Out counting() {
      return new Out(null, null);
    }

    static Out into(byte[] blob) {
      return new Out(blob, null);
    }

    static Out hashing(MessageDigest digest) {
      return new Out(new byte[CHUNK], digest);
    }

    /** Makes room for {@code n <= CHUNK} bytes, passing staged bytes to the digest if hashing. */
    private void room(int n) {
      if (bb.remaining() < n) {
        if (digest == null) {
          throw new IllegalArgumentException("the buffer is shorter than the checkpoint");
        }
        digest.update(array, 0, bb.position());
        bb.clear();
      }
    }

    void bytes(byte[] b) {
      size += b.length;
      if (bb == null) {
        return;
      }
      for (int off = 0; off < b.length; ) {
        room(1);
        int n = Math.min(bb.remaining(), b.length - off);
        bb.put(b, off, n);
        off += n;
      }
    }

    void u32(int v) {
      size += 4;
      if (bb != null) {
        room(4);
        LittleEndian.putU32(array, bb.position(), v);
        bb.position(bb.position() + 4);
      }
    }

    void u64(long v) {
      size += 8;
      if (bb != null) {
        room(8);
        LittleEndian.putU64(array, bb.position(), v);
        bb.position(bb.position() + 8);
      }
    }

    void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      u32(b.length);
      bytes(b);
    }

    void floats(float[] f) {
      u32(f.length);
      size += 4L * f.length;
      if (bb == null) {
        return;
      }
      for (int off = 0; off < f.length; ) {
        room(4);
        int n = Math.min(bb.remaining() / 4, f.length - off);
        bb.asFloatBuffer().put(f, off, n);
        bb.position(bb.position() + 4 * n);
        off += n;
      }
    }

    long size() {
      return size;
    }

    /** The digest of everything written (hashing mode). */
    byte[] digest() {
      digest.update(array, 0, bb.position());
      bb.clear();
      return digest.digest();
    }
  }

  private static final class In {
    /** The checkpoint's bytes; {@link #buf} reads {@code [0, length)} of them. */
    private final byte[] array;

    private final ByteBuffer buf;
    private final String name;

    /** Reads {@code b[0, length)}. */
    In(byte[] b, int length, String name) {
      this.array = b;
      this.buf = ByteBuffer.wrap(b, 0, length).order(ByteOrder.LITTLE_ENDIAN);
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
      int v = LittleEndian.getU32(array, buf.position());
      buf.position(buf.position() + 4);
      if (v < 0) {
        throw new DataFormatException(name + ": negative length in checkpoint");
      }
      return v;
    }

    long u64() throws DataFormatException {
      need(8);
      long v = LittleEndian.getU64(array, buf.position());
      buf.position(buf.position() + 8);
      return v;
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

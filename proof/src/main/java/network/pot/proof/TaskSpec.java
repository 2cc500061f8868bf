package network.pot.proof;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Sha256;
import network.pot.base.json.Json;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.data.Dataset;
import network.pot.tensor.nn.Model;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.Optimizer;
import network.pot.tensor.optim.OptimizerSpec;
import network.pot.tensor.train.Seeds;
import network.pot.tensor.train.Trainer;

/**
 * A training task as a publisher posts it: the dataset (content hash of its files), the model, the
 * optimizer with its hyper-parameters, the batch size, the total steps T, the checkpoint interval k
 * (T is a multiple of k, so the transcript has T/k segments), the evaluation metric and the
 * verification sample size q.
 *
 * <p>{@link #canonicalJson()} is the one byte form: keys sorted, every value written out, no white
 * space, the model and optimizer in their own canonical JSON. The task id is {@link #taskId()}, the
 * tagged SHA-256 of those bytes, so two files that parse to the same task have the same id.
 */
public final class TaskSpec {
  /** The only metric so far: the exact count of correctly classified test samples. */
  public static final String METRIC_TEST_CORRECT = "test_correct";

  /** The format version written in every task. */
  public static final int VERSION = 1;

  /** An upper bound on T/k that keeps transcripts and Merkle trees small. */
  public static final long MAX_SEGMENTS = 1L << 20;

  private static final Set<String> KEYS =
      Set.of(
          "batch",
          "checkpoint_every",
          "data_hash",
          "metric",
          "model",
          "optimizer",
          "samples",
          "steps",
          "version");
  private static final Set<String> OPTIMIZER_KEYS =
      Set.of("type", "lr", "momentum", "weight_decay", "beta1", "beta2", "eps");

  private final byte[] dataHash;
  private final ModelSpec model;
  private final OptimizerSpec optimizer;
  private final int batch;
  private final long steps;
  private final long checkpointEvery;
  private final int samples;

  public TaskSpec(
      byte[] dataHash,
      ModelSpec model,
      OptimizerSpec optimizer,
      int batch,
      long steps,
      long checkpointEvery,
      int samples) {
    if (dataHash.length != Sha256.SIZE) {
      throw new IllegalArgumentException("data_hash must be 32 bytes");
    }
    check(batch > 0, "batch must be positive, got " + batch);
    check(steps > 0, "steps must be positive, got " + steps);
    check(checkpointEvery > 0, "checkpoint_every must be positive, got " + checkpointEvery);
    check(
        steps % checkpointEvery == 0,
        "steps (" + steps + ") must be a multiple of checkpoint_every (" + checkpointEvery + ")");
    check(
        steps / checkpointEvery <= MAX_SEGMENTS,
        "steps / checkpoint_every must be at most " + MAX_SEGMENTS);
    check(samples > 0, "samples must be positive, got " + samples);
    this.dataHash = dataHash.clone();
    this.model = model;
    this.optimizer = optimizer;
    this.batch = batch;
    this.steps = steps;
    this.checkpointEvery = checkpointEvery;
    this.samples = samples;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("task: " + message);
    }
  }

  public byte[] dataHash() {
    return dataHash.clone();
  }

  public ModelSpec model() {
    return model;
  }

  public OptimizerSpec optimizer() {
    return optimizer;
  }

  public int batch() {
    return batch;
  }

  /** Total training steps T. */
  public long steps() {
    return steps;
  }

  /** Checkpoint interval k. */
  public long checkpointEvery() {
    return checkpointEvery;
  }

  /** Verification sample size q: random segments each verifier re-executes. */
  public int samples() {
    return samples;
  }

  /** Segments in the transcript: T / k. */
  public int segments() {
    return (int) (steps / checkpointEvery);
  }

  /** A copy of this task with other values of T, k and q (for derived tasks in tools and tests). */
  public TaskSpec withSchedule(long steps, long checkpointEvery, int samples) {
    return new TaskSpec(dataHash, model, optimizer, batch, steps, checkpointEvery, samples);
  }

  /** A copy of this task with another optimizer. */
  public TaskSpec withOptimizer(OptimizerSpec optimizer) {
    return new TaskSpec(dataHash, model, optimizer, batch, steps, checkpointEvery, samples);
  }

  /** The canonical JSON text (see the class comment). */
  public String canonicalJson() {
    return "{\"batch\":"
        + batch
        + ",\"checkpoint_every\":"
        + checkpointEvery
        + ",\"data_hash\":\""
        + Hex.encode(dataHash)
        + "\",\"metric\":\""
        + METRIC_TEST_CORRECT
        + "\",\"model\":"
        + model.canonicalJson()
        + ",\"optimizer\":"
        + optimizer.canonicalJson()
        + ",\"samples\":"
        + samples
        + ",\"steps\":"
        + steps
        + ",\"version\":"
        + VERSION
        + "}";
  }

  /** The task id: {@code tagged("pot/task/v1", canonicalJson)}. */
  /**
   * The work of one training step, in the protocol's unit: {@code 6 x parameters x batch} (a
   * multiply-add forward, two backward, per parameter and sample). Deterministic from the spec, so
   * every node computes the same; what the chain's terms must state.
   *
   * @throws ArithmeticException when it does not fit in a long
   */
  public long flopsPerStep() {
    return Math.multiplyExact(
        Math.multiplyExact(6L, new network.pot.tensor.nn.Model(model).parameterCount()),
        (long) batch);
  }

  public byte[] taskId() {
    return Sha256.tagged("pot/task/v1", canonicalJson().getBytes(StandardCharsets.UTF_8));
  }

  /** A fresh trainer at step 0: weights from {@code seeds.initKey()}, zero optimizer state. */
  public Trainer newTrainer(Seeds seeds, Dataset train) {
    Model m = new Model(model);
    m.initialize(seeds.initKey(), seeds.dropoutKey());
    return new Trainer(m, new Optimizer(optimizer, m.params()), train, batch, seeds);
  }

  /**
   * The content hash of a dataset directory: the SHA-256 of its {@link DataBundle} (a tag, then the
   * length and bytes of each file {@link DataSets#files} lists, in its fixed order).
   */
  public static byte[] dataHash(Path dir) throws IOException {
    MessageDigest md = Sha256.digest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = DataBundle.open(dir)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return md.digest();
  }

  /** Loads the task's dataset from {@code dir}, refusing data whose content hash differs. */
  public DataSets.Split loadData(Path dir) throws IOException {
    byte[] h = dataHash(dir);
    if (!Arrays.equals(h, dataHash)) {
      throw new IOException(
          dir
              + ": the data's content hash "
              + Hex.encode(h)
              + " is not the task's data_hash "
              + Hex.encode(dataHash));
    }
    return DataSets.load(dir);
  }

  /** Parses and validates a task; throws IllegalArgumentException naming what is wrong. */
  public static TaskSpec parse(String json) {
    JsonNode root;
    try {
      root = Json.exactMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("task is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("task must be a JSON object");
    }
    checkFields(root, "task", KEYS, KEYS);
    if (integer(root, "version") != VERSION) {
      throw new IllegalArgumentException("task: unsupported version (expected " + VERSION + ")");
    }
    String metric = root.get("metric").isTextual() ? root.get("metric").asText() : "";
    if (!metric.equals(METRIC_TEST_CORRECT)) {
      throw new IllegalArgumentException("task: metric must be \"" + METRIC_TEST_CORRECT + "\"");
    }
    JsonNode data = root.get("data_hash");
    byte[] dataHash = Hex.decode(data.isTextual() ? data.asText() : "", 32, "task: data_hash");
    JsonNode m = root.get("model");
    if (!m.isObject()) {
      throw new IllegalArgumentException("task: model must be a JSON object");
    }
    ModelSpec model = ModelSpec.parse(m.toString());
    OptimizerSpec optimizer = optimizer(root.get("optimizer"));
    long batch = integer(root, "batch");
    long samples = integer(root, "samples");
    check(batch <= Integer.MAX_VALUE && samples <= Integer.MAX_VALUE, "batch or samples too large");
    return new TaskSpec(
        dataHash,
        model,
        optimizer,
        (int) batch,
        integer(root, "steps"),
        integer(root, "checkpoint_every"),
        (int) samples);
  }

  /** Reads and parses a task file. */
  public static TaskSpec read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such task file");
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static OptimizerSpec optimizer(JsonNode o) {
    if (!o.isObject()) {
      throw new IllegalArgumentException("task: optimizer must be a JSON object");
    }
    checkFields(o, "task.optimizer", OPTIMIZER_KEYS, OPTIMIZER_KEYS);
    if (!o.get("type").isTextual()) {
      throw new IllegalArgumentException("task.optimizer.type must be a string");
    }
    return new OptimizerSpec(
        o.get("type").asText(),
        float32(o, "lr"),
        float32(o, "momentum"),
        float32(o, "weight_decay"),
        float32(o, "beta1"),
        float32(o, "beta2"),
        float32(o, "eps"));
  }

  private static void checkFields(JsonNode n, String where, Set<String> allowed, Set<String> req) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(where + ": unknown field '" + k + "'");
      }
    }
    for (String k : new java.util.TreeSet<>(req)) {
      if (!n.has(k) || n.get(k).isNull()) {
        throw new IllegalArgumentException(where + ": missing field '" + k + "'");
      }
    }
  }

  private static long integer(JsonNode root, String key) {
    JsonNode n = root.get(key);
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new IllegalArgumentException("task: " + key + " must be an integer");
    }
    return n.asLong();
  }

  /** A float read from its decimal text, so that the float's shortest form parses back exactly. */
  private static float float32(JsonNode o, String key) {
    JsonNode n = o.get(key);
    if (!n.isNumber()) {
      throw new IllegalArgumentException("task.optimizer." + key + " must be a number");
    }
    return Float.parseFloat(n.decimalValue().toString());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskSpec t && canonicalJson().equals(t.canonicalJson());
  }

  @Override
  public int hashCode() {
    return canonicalJson().hashCode();
  }

  @Override
  public String toString() {
    return canonicalJson();
  }
}

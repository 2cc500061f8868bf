package network.pot.proof.collab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import network.pot.base.codec.LittleEndian;
import network.pot.base.crypto.Sha256;
import network.pot.base.json.Json;
import network.pot.proof.Binding;
import network.pot.proof.TaskSpec;

/**
 * A collaborative task: R rounds of H local steps by up to M miners, merged by an outer optimizer.
 *
 * <p>{@link #inner()} is an ordinary {@link TaskSpec} that describes one contribution: the dataset,
 * model, inner optimizer and batch, {@code steps = H}, the checkpoint interval k and the
 * verification sample size q. Every contribution of every round is a transcript of that task, so
 * the existing prover and verifier check it unchanged; only its start ({@link GlobalModel#start})
 * and its keys ({@link #roundBinding}) are the round's.
 *
 * <p>A round closes with at least {@link #quorum()} accepted contributions, or leaves the global
 * model as it was.
 */
public final class CollabSpec {
  /** The format version written in every collaborative task. */
  public static final int VERSION = 1;

  /** Upper bounds that keep a task's rounds and slots small enough for the chain to track. */
  public static final int MAX_ROUNDS = 100_000;

  public static final int MAX_MINERS = 1024;

  private final TaskSpec inner;
  private final int rounds;
  private final int miners;
  private final int quorum;
  private final OuterOptimizer outer;

  private CollabSpec(Builder b) {
    if (b.inner == null || b.outer == null) {
      throw new IllegalArgumentException("collaborative task: inner task and outer optimizer");
    }
    check(b.rounds >= 1 && b.rounds <= MAX_ROUNDS, "rounds must be in [1, " + MAX_ROUNDS + "]");
    check(b.miners >= 1 && b.miners <= MAX_MINERS, "miners must be in [1, " + MAX_MINERS + "]");
    check(b.quorum >= 1 && b.quorum <= b.miners, "quorum must be in [1, miners]");
    this.inner = b.inner;
    this.rounds = b.rounds;
    this.miners = b.miners;
    this.quorum = b.quorum;
    this.outer = b.outer;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("collaborative task: " + message);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder with the same values as this task. */
  public Builder toBuilder() {
    return new Builder().inner(inner).rounds(rounds).miners(miners).quorum(quorum).outer(outer);
  }

  /** The task of one contribution (H steps). */
  public TaskSpec inner() {
    return inner;
  }

  /** Rounds R. */
  public int rounds() {
    return rounds;
  }

  /** Local steps H per round and miner. */
  public long localSteps() {
    return inner.steps();
  }

  /** Miner slots M: the number of shards of the training split. */
  public int miners() {
    return miners;
  }

  /** Accepted contributions a round needs to change the global model. */
  public int quorum() {
    return quorum;
  }

  public OuterOptimizer outer() {
    return outer;
  }

  /** The canonical JSON text: keys sorted, no white space, the inner task in its own form. */
  public String canonicalJson() {
    return "{\"inner\":"
        + inner.canonicalJson()
        + ",\"kind\":\"collaborative\",\"miners\":"
        + miners
        + ",\"outer\":"
        + outer.canonicalJson()
        + ",\"quorum\":"
        + quorum
        + ",\"rounds\":"
        + rounds
        + ",\"version\":"
        + VERSION
        + "}";
  }

  /** The task id: {@code tagged("pot/collab-task/v1", canonicalJson)}. */
  public byte[] taskId() {
    return Sha256.tagged("pot/collab-task/v1", canonicalJson().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The binding of a contribution: the inner task's id, the miner's id and, in the enrollment
   * hash's place, {@code tagged("pot/collab/round/v1", collabTaskId, enrollHash, u32 slot, u64
   * round, modelHash(G_r))}. Its keys (data order within the shard, dropout) differ in every round,
   * for every miner and for every global model, so a transcript of one round, miner or start proves
   * nothing for another, and no work can be done before {@code G_r} is known.
   */
  public Binding roundBinding(Enrollment e, int round, byte[] globalModelHash) {
    if (round < 0 || round >= rounds) {
      throw new IllegalArgumentException("round " + round + " is outside [0, " + rounds + ")");
    }
    if (e.slot() >= miners) {
      throw new IllegalArgumentException("slot " + e.slot() + " is outside [0, " + miners + ")");
    }
    byte[] context =
        Sha256.tagged(
            "pot/collab/round/v1",
            taskId(),
            e.enrollHash(),
            LittleEndian.u32(e.slot()),
            LittleEndian.u64(round),
            globalModelHash);
    return new Binding(inner.taskId(), e.minerId(), context);
  }

  private static final Set<String> KEYS =
      Set.of("inner", "kind", "miners", "outer", "quorum", "rounds", "version");
  private static final Set<String> OUTER_KEYS = Set.of("lr", "momentum", "type");

  /**
   * Parses and validates a collaborative task; throws IllegalArgumentException naming what is
   * wrong. The canonical text parses back to an equal task.
   */
  public static CollabSpec parse(String json) {
    JsonNode root;
    try {
      root = Json.exactMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "collaborative task is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("collaborative task must be a JSON object");
    }
    fields(root, "collaborative task", KEYS);
    check(integer(root, "version") == VERSION, "unsupported version (expected " + VERSION + ")");
    check(
        root.get("kind").isTextual() && root.get("kind").asText().equals("collaborative"),
        "kind must be \"collaborative\"");
    JsonNode inner = root.get("inner");
    check(inner.isObject(), "inner must be a JSON object");
    JsonNode outer = root.get("outer");
    check(outer.isObject(), "outer must be a JSON object");
    fields(outer, "collaborative task.outer", OUTER_KEYS);
    check(
        outer.get("type").isTextual() && outer.get("type").asText().equals("nesterov"),
        "outer.type must be \"nesterov\"");
    return builder()
        .inner(TaskSpec.parse(inner.toString()))
        .rounds(intField(root, "rounds"))
        .miners(intField(root, "miners"))
        .quorum(intField(root, "quorum"))
        .outer(new OuterOptimizer(float32(outer, "lr"), float32(outer, "momentum")))
        .build();
  }

  private static void fields(JsonNode n, String where, Set<String> keys) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!keys.contains(k)) {
        throw new IllegalArgumentException(where + ": unknown field '" + k + "'");
      }
    }
    for (String k : new TreeSet<>(keys)) {
      if (!n.has(k) || n.get(k).isNull()) {
        throw new IllegalArgumentException(where + ": missing field '" + k + "'");
      }
    }
  }

  private static long integer(JsonNode n, String key) {
    JsonNode v = n.get(key);
    check(v.isIntegralNumber() && v.canConvertToLong(), key + " must be an integer");
    return v.asLong();
  }

  private static int intField(JsonNode n, String key) {
    long v = integer(n, key);
    check(v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE, key + " is out of range");
    return (int) v;
  }

  /** A float read from its decimal text, so that the float's shortest form parses back exactly. */
  private static float float32(JsonNode n, String key) {
    JsonNode v = n.get(key);
    check(v.isNumber(), "outer." + key + " must be a number");
    return Float.parseFloat(v.decimalValue().toString());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CollabSpec c && canonicalJson().equals(c.canonicalJson());
  }

  @Override
  public int hashCode() {
    return canonicalJson().hashCode();
  }

  @Override
  public String toString() {
    return canonicalJson();
  }

  /** Named parameters of a collaborative task. */
  public static final class Builder {
    private TaskSpec inner;
    private int rounds;
    private int miners;
    private int quorum = 1;
    private OuterOptimizer outer = OuterOptimizer.PLAIN_AVERAGING;

    private Builder() {}

    /** The task of one contribution; its {@code steps} are the local steps H. */
    public Builder inner(TaskSpec inner) {
      this.inner = inner;
      return this;
    }

    public Builder rounds(int rounds) {
      this.rounds = rounds;
      return this;
    }

    public Builder miners(int miners) {
      this.miners = miners;
      return this;
    }

    public Builder quorum(int quorum) {
      this.quorum = quorum;
      return this;
    }

    public Builder outer(OuterOptimizer outer) {
      this.outer = outer;
      return this;
    }

    public CollabSpec build() {
      return new CollabSpec(this);
    }
  }
}

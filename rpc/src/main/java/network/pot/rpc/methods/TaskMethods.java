package network.pot.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import network.pot.base.crypto.Hash;
import network.pot.base.json.Json;
import network.pot.chain.state.CollabTask;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Task;
import network.pot.chain.tx.Payload;
import network.pot.node.api.ArtifactStore;
import network.pot.node.api.ChainQuery;
import network.pot.node.work.AggregatingCollabChecker;
import network.pot.node.work.WinningModels;
import network.pot.proof.TaskSpec;
import network.pot.proof.collab.CollabSpec;
import network.pot.proof.collab.GlobalModel;
import network.pot.rpc.json.LedgerViews;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Seeds;

/**
 * Training tasks and their proofs: {@code pot_getTasks} (every task with each miner's enrollment,
 * status and votes, its {@code spec} when this node holds it, and once settled with a winner its
 * {@code model}: provenance and holders, see {@link LedgerViews#taskModel}), {@code pot_getTask
 * {id}} (one of them), {@code pot_getTaskModel {id, offset}} (the winner's final checkpoint, in
 * base64 chunks, fetched from the network and checked against the chain) and {@code pot_putTaskSpec
 * {spec: json}} (stores a task spec so miners and verifiers can fetch it by its hash).
 *
 * <p>A spec larger than {@code maxSpecBytes} is refused (invalid params). A spec a task on chain
 * names goes straight to the node's artifacts; any other waits in {@link PendingTaskSpecs}, within
 * its byte budget, until a task names it ({@link #committed()}, after each block).
 */
public final class TaskMethods implements MethodGroup {
  private final ChainQuery chain;
  private final ArtifactStore artifacts;
  private final int maxSpecBytes;
  private final PendingTaskSpecs pending;

  /** Bytes of a model one {@code pot_getTaskModel} call returns (its base64 stays below 4 MiB). */
  static final int MODEL_CHUNK = 1 << 20;

  /**
   * Tasks over {@code chain}; specs of at most {@code maxSpecBytes}, and at most {@code
   * maxPendingBytes} of them waiting up to {@code pendingBlocks} blocks for their task.
   */
  public TaskMethods(
      ChainQuery chain,
      ArtifactStore artifacts,
      int maxSpecBytes,
      long maxPendingBytes,
      long pendingBlocks) {
    this.chain = chain;
    this.artifacts = artifacts;
    this.maxSpecBytes = maxSpecBytes;
    this.pending = new PendingTaskSpecs(artifacts, maxPendingBytes, pendingBlocks);
  }

  @Override
  public Map<String, RpcMethod> methods() {
    return Map.of(
        "pot_getTasks",
        p -> tasks(),
        "pot_getTask",
        this::task,
        "pot_getTaskModel",
        this::model,
        "pot_getCollabTask",
        this::collabTask,
        "pot_putTaskSpec",
        this::putSpec);
  }

  /** A task's view with its spec when this node holds it, and its winning model when it has one. */
  private ObjectNode view(LedgerState s, Hash id, Task t) {
    ObjectNode o = LedgerViews.task(s, id, t);
    JsonNode spec =
        heldSpec(
            t.terms().specHash(),
            text -> {
              TaskSpec c = TaskSpec.parse(text);
              return new ParsedSpec(Hash.of(c.taskId()), c.canonicalJson());
            });
    if (spec != null) {
      o.set("spec", spec);
    }
    ObjectNode model = LedgerViews.taskModel(s, chain.chainId(), id, t);
    if (model != null) {
      o.set("model", model);
    }
    return o;
  }

  /** A spec's id and canonical JSON, whichever kind it is. */
  private record ParsedSpec(Hash taskId, String canonicalJson) {}

  /**
   * The task spec under {@code hash} as JSON, when this node holds it (never asked of a peer: a
   * read must not wait on the network); null otherwise, or when what is held is not that spec.
   */
  private JsonNode heldSpec(Hash hash, Function<String, ParsedSpec> parse) {
    byte[] key = hash.toArray();
    if (!artifacts.has(key)) {
      return null;
    }
    try {
      Optional<byte[]> held = artifacts.fetch(key, maxSpecBytes, b -> true);
      if (held.isEmpty()) {
        return null;
      }
      ParsedSpec spec = parse.apply(new String(held.get(), StandardCharsets.UTF_8));
      return spec.taskId().equals(hash) ? Json.read(spec.canonicalJson()) : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private JsonNode model(JsonNode params) throws RpcError {
    LedgerState s = chain.state();
    Hash id = Params.hash(params, "id");
    long offset = params.has("offset") ? Params.integer(params, "offset") : 0;
    Task t = s.task(id);
    if (t == null && s.collabTask(id) != null) {
      return collabModel(s, id, s.collabTask(id), offset);
    }
    if (t == null) {
      throw RpcError.invalidParams("params.id: no task " + id.toHex());
    }
    if (!t.settled()) {
      throw RpcError.invalidParams(
          "task "
              + id.toHex()
              + " is not settled yet (it settles at height "
              + t.settlementHeight(s.params())
              + ")");
    }
    Enrollment e = t.winner() == null ? null : s.enrollment(id, t.winner());
    if (e == null) {
      throw RpcError.invalidParams("task " + id.toHex() + " settled with no winner");
    }
    WinningModels.Result got;
    try {
      got = WinningModels.fetch(artifacts, t, e);
    } catch (IOException ex) {
      throw new RpcError(RpcError.SERVER_ERROR, "cannot fetch the model: " + ex.getMessage());
    }
    if (got.checkpoint() == null) {
      throw new RpcError(
          RpcError.SERVER_ERROR,
          "no peer serves the "
              + (got.missing() == WinningModels.Missing.TRANSCRIPT ? "transcript" : "checkpoint")
              + " of task "
              + id.toHex()
              + "'s winning model");
    }
    return chunk(id, e.modelHash(), Hash.of(got.stateHash()), got.checkpoint(), offset);
  }

  /** The part of a model checkpoint from {@code offset}, as {@code pot_getTaskModel} answers. */
  private static JsonNode chunk(Hash id, Hash modelHash, Hash stateHash, byte[] b, long offset)
      throws RpcError {
    if (offset < 0 || offset > b.length) {
      throw RpcError.invalidParams("params.offset: not within the " + b.length + " bytes");
    }
    int n = (int) Math.min(MODEL_CHUNK, b.length - offset);
    return Json.object()
        .put("task", id.toHex())
        .put("model_hash", modelHash.toHex())
        .put("state_hash", stateHash.toHex())
        .put("bytes", b.length)
        .put("offset", offset)
        .put(
            "data",
            Base64.getEncoder()
                .encodeToString(Arrays.copyOfRange(b, (int) offset, (int) offset + n)));
  }

  /**
   * A settled collaborative task's final global model as a checkpoint: the model the last round's
   * close recorded (fetched by its hashes and checked against them), with the inner optimizer's
   * zero state at step 0 and zero seeds, since it belongs to no one miner's run.
   */
  private JsonNode collabModel(LedgerState s, Hash id, CollabTask t, long offset) throws RpcError {
    if (!t.settled()) {
      throw RpcError.invalidParams(
          "task "
              + id.toHex()
              + " is not settled yet (round "
              + t.round()
              + " of "
              + t.terms().rounds()
              + " is under way)");
    }
    int last = t.terms().rounds() - 1;
    Payload.ModelHashes h = s.collabRound(id, last).next();
    Optional<CollabSpec> spec = AggregatingCollabChecker.fetchSpec(artifacts, t.terms().specHash());
    Optional<GlobalModel> g =
        spec.flatMap(c -> AggregatingCollabChecker.fetchModel(artifacts, c, h, last + 1));
    if (g.isEmpty()) {
      throw new RpcError(
          RpcError.SERVER_ERROR,
          "no peer serves the "
              + (spec.isEmpty() ? "spec" : "final global model")
              + " of task "
              + id.toHex());
    }
    TaskSpec inner = spec.get().inner();
    byte[] ckpt =
        Checkpoint.encodeUntrained(
            g.get().model(), inner.optimizer(), new Seeds(0, 0, 0), inner.batch());
    return chunk(
        id,
        h.model(),
        Hash.of(Arrays.copyOfRange(ckpt, ckpt.length - 32, ckpt.length)),
        ckpt,
        offset);
  }

  private JsonNode task(JsonNode params) throws RpcError {
    LedgerState s = chain.state();
    Hash id = Params.hash(params, "id");
    Task t = s.task(id);
    if (t == null) {
      throw RpcError.invalidParams("params.id: no task " + id.toHex());
    }
    return view(s, id, t);
  }

  private JsonNode collabTask(JsonNode params) throws RpcError {
    LedgerState s = chain.state();
    Hash id = Params.hash(params, "id");
    CollabTask t = s.collabTask(id);
    if (t == null) {
      throw RpcError.invalidParams("params.id: no collaborative task " + id.toHex());
    }
    ObjectNode o = LedgerViews.collabTask(s, id, t);
    JsonNode spec =
        heldSpec(
            t.terms().specHash(),
            text -> {
              CollabSpec c = CollabSpec.parse(text);
              return new ParsedSpec(Hash.of(c.taskId()), c.canonicalJson());
            });
    if (spec != null) {
      o.set("spec", spec);
    }
    return o;
  }

  private ArrayNode tasks() {
    LedgerState s = chain.state();
    ArrayNode arr = Json.array();
    for (Hash id : chain.taskIds()) {
      Task t = s.task(id);
      if (t != null) {
        arr.add(view(s, id, t));
      }
    }
    return arr;
  }

  private JsonNode putSpec(JsonNode params) throws RpcError {
    String text = Params.text(params, "spec");
    if (isCollaborative(text)) {
      return putCollabSpec(text);
    }
    TaskSpec spec;
    try {
      spec = TaskSpec.parse(text);
    } catch (IllegalArgumentException e) {
      throw RpcError.invalidParams("spec: " + e.getMessage());
    }
    byte[] content = spec.canonicalJson().getBytes(StandardCharsets.UTF_8);
    if (content.length > maxSpecBytes) {
      throw tooLarge(content.length);
    }
    Hash hash = Hash.of(spec.taskId());
    boolean waiting = false;
    try {
      if (specHashesOfOpenTasks().contains(hash)) {
        if (!artifacts.has(hash.toArray())) {
          artifacts.put(hash.toArray(), content);
        }
      } else {
        // held until its task is on chain, even when a settled task's copy is on disk: that copy
        // may be collected before the new task lands, and the promotion stores it again
        pending.hold(hash, content, chain.state().height());
        waiting = true;
      }
    } catch (IOException e) {
      throw new RpcError(RpcError.SERVER_ERROR, "cannot store the spec: " + e.getMessage());
    }
    return Json.object().put("spec_hash", hash.toHex()).put("pending", waiting);
  }

  /** Whether the spec text is a collaborative task's (its {@code kind}). */
  private static boolean isCollaborative(String text) {
    try {
      return "collaborative".equals(Json.read(text).path("kind").asText());
    } catch (IOException | RuntimeException e) {
      return false; // TaskSpec.parse names what is wrong with it
    }
  }

  /**
   * A collaborative spec goes straight to the artifacts: the validators check it against the
   * published terms when they apply the publish transaction, so it must be fetchable before any
   * task names it. It is bounded like any spec, and each client's calls are rate limited.
   */
  private JsonNode putCollabSpec(String text) throws RpcError {
    CollabSpec spec;
    try {
      spec = CollabSpec.parse(text);
    } catch (IllegalArgumentException e) {
      throw RpcError.invalidParams("spec: " + e.getMessage());
    }
    byte[] content = spec.canonicalJson().getBytes(StandardCharsets.UTF_8);
    if (content.length > maxSpecBytes) {
      throw tooLarge(content.length);
    }
    Hash hash = Hash.of(spec.taskId());
    try {
      if (!artifacts.has(hash.toArray())) {
        artifacts.put(hash.toArray(), content);
      }
    } catch (IOException e) {
      throw new RpcError(RpcError.SERVER_ERROR, "cannot store the spec: " + e.getMessage());
    }
    return Json.object().put("spec_hash", hash.toHex()).put("pending", false);
  }

  private RpcError tooLarge(long bytes) {
    return RpcError.invalidParams(
        "spec: "
            + bytes
            + " bytes; this node takes task specs of at most "
            + maxSpecBytes
            + " bytes ([rpc] max_task_spec_bytes)");
  }

  /**
   * The spec hashes of the tasks on chain not yet settled: those the node's retention keeps (a
   * settled task's spec goes once its fraud-proof window has closed).
   */
  private Set<Hash> specHashesOfOpenTasks() {
    LedgerState s = chain.state();
    Set<Hash> named = new HashSet<>();
    for (Hash id : chain.taskIds()) {
      Task t = s.task(id);
      if (t != null && !t.settled()) {
        named.add(t.terms().specHash());
      }
    }
    return named;
  }

  /**
   * After a finalized block: the waiting specs a task on chain now names go to the artifacts, those
   * that waited too long are dropped. Reads the chain only when a spec waits.
   */
  public void committed() throws IOException {
    if (!pending.isEmpty()) {
      pending.committed(chain.state().height(), specHashesOfOpenTasks());
    }
  }

  /** Bytes of specs waiting for their task. */
  public long pendingBytes() {
    return pending.bytes();
  }
}

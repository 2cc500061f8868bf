package network.pot.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import network.pot.base.crypto.Hash;
import network.pot.base.json.Json;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Task;
import network.pot.node.api.ArtifactStore;
import network.pot.node.api.ChainQuery;
import network.pot.proof.TaskSpec;
import network.pot.rpc.json.LedgerViews;

/**
 * Training tasks and their proofs: {@code pot_getTasks} (every task with each miner's enrollment,
 * status and votes), {@code pot_getTask {id}} (one of them) and {@code pot_putTaskSpec {spec:
 * json}} (stores a task spec so miners and verifiers can fetch it by its hash).
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
        "pot_getTasks", p -> tasks(), "pot_getTask", this::task, "pot_putTaskSpec", this::putSpec);
  }

  private JsonNode task(JsonNode params) throws RpcError {
    LedgerState s = chain.state();
    Hash id = Params.hash(params, "id");
    Task t = s.task(id);
    if (t == null) {
      throw RpcError.invalidParams("params.id: no task " + id.toHex());
    }
    return LedgerViews.task(s, id, t);
  }

  private ArrayNode tasks() {
    LedgerState s = chain.state();
    ArrayNode arr = Json.array();
    for (Hash id : chain.taskIds()) {
      Task t = s.task(id);
      if (t != null) {
        arr.add(LedgerViews.task(s, id, t));
      }
    }
    return arr;
  }

  private JsonNode putSpec(JsonNode params) throws RpcError {
    TaskSpec spec;
    try {
      spec = TaskSpec.parse(Params.text(params, "spec"));
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
      if (!artifacts.has(hash.toArray())) {
        if (specHashesOnChain().contains(hash)) {
          artifacts.put(hash.toArray(), content);
        } else {
          pending.hold(hash, content, chain.state().height());
          waiting = true;
        }
      }
    } catch (IOException e) {
      throw new RpcError(RpcError.SERVER_ERROR, "cannot store the spec: " + e.getMessage());
    }
    return Json.object().put("spec_hash", hash.toHex()).put("pending", waiting);
  }

  private RpcError tooLarge(long bytes) {
    return RpcError.invalidParams(
        "spec: "
            + bytes
            + " bytes; this node takes task specs of at most "
            + maxSpecBytes
            + " bytes ([rpc] max_task_spec_bytes)");
  }

  /** The spec hashes of the tasks on chain. */
  private Set<Hash> specHashesOnChain() {
    LedgerState s = chain.state();
    Set<Hash> named = new HashSet<>();
    for (Hash id : chain.taskIds()) {
      Task t = s.task(id);
      if (t != null) {
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
      pending.committed(chain.state().height(), specHashesOnChain());
    }
  }

  /** Bytes of specs waiting for their task. */
  public long pendingBytes() {
    return pending.bytes();
  }
}

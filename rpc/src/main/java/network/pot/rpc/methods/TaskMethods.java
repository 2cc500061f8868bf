package network.pot.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import network.pot.base.bytes.Hex;
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
 * json}} (stores a task spec among the node's artifacts so miners and verifiers can fetch it by its
 * hash).
 */
public final class TaskMethods implements MethodGroup {
  private final ChainQuery chain;
  private final ArtifactStore artifacts;

  public TaskMethods(ChainQuery chain, ArtifactStore artifacts) {
    this.chain = chain;
    this.artifacts = artifacts;
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
    try {
      artifacts.put(spec.taskId(), spec.canonicalJson().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RpcError(RpcError.SERVER_ERROR, "cannot store the spec: " + e.getMessage());
    }
    return Json.object().put("spec_hash", Hex.encode(spec.taskId()));
  }
}

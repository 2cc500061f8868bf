package network.pot.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Arrays;
import java.util.Map;
import network.pot.base.crypto.Hash;
import network.pot.base.json.Json;
import network.pot.chain.state.Dataset;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.StateKey;
import network.pot.node.api.ChainQuery;
import network.pot.rpc.json.LedgerViews;

/**
 * Registered datasets: {@code pot_getDatasets} (every dataset, in state order) and {@code
 * pot_getDataset {hash}}, each with its owner, licence, fee per use and registration height.
 */
public final class DatasetMethods implements MethodGroup {
  private final ChainQuery chain;

  public DatasetMethods(ChainQuery chain) {
    this.chain = chain;
  }

  @Override
  public Map<String, RpcMethod> methods() {
    return Map.of("pot_getDatasets", p -> datasets(), "pot_getDataset", this::dataset);
  }

  // the state keeps no index of datasets: one pass over its entries picks them out
  private ArrayNode datasets() {
    LedgerState s = chain.state();
    ArrayNode arr = Json.array();
    s.forEach(
        (key, value) -> {
          if (StateKey.Kind.of(key) == StateKey.Kind.DATASET && value instanceof Dataset d) {
            Hash id = Hash.of(Arrays.copyOfRange(key.unsafeArray(), 1, key.length()));
            arr.add(LedgerViews.dataset(id, d));
          }
        });
    return arr;
  }

  private JsonNode dataset(JsonNode params) throws RpcError {
    Hash id = Params.hash(params, "hash");
    Dataset d = chain.state().dataset(id);
    if (d == null) {
      throw RpcError.invalidParams("params.hash: no dataset " + id.toHex());
    }
    return LedgerViews.dataset(id, d);
  }
}

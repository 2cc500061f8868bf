package network.pot.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;

/** One JSON-RPC method: its {@code params} in (a missing member reads as empty), its result out. */
@FunctionalInterface
public interface RpcMethod {
  JsonNode call(JsonNode params) throws RpcError;
}

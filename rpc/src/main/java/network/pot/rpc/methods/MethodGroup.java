package network.pot.rpc.methods;

import java.util.Map;

/** Related JSON-RPC methods, served by one handler over the node interfaces it needs. */
public interface MethodGroup {
  /** The group's methods by their JSON-RPC names. */
  Map<String, RpcMethod> methods();
}

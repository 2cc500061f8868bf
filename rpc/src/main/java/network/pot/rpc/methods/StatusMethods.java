package network.pot.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.SupplyAudit;
import network.pot.node.api.ChainQuery;
import network.pot.rpc.json.LedgerViews;

/**
 * The node and the network it sees: {@code pot_status} (this node, its chain head, the minimum fee,
 * peers, mempool and work counters), {@code pot_getValidators}, {@code pot_getValidator {address}}
 * and {@code pot_supply} (the supply audit).
 */
public final class StatusMethods implements MethodGroup {
  private final ChainQuery chain;

  public StatusMethods(ChainQuery chain) {
    this.chain = chain;
  }

  @Override
  public Map<String, RpcMethod> methods() {
    return Map.of(
        "pot_status", p -> status(),
        "pot_getValidators", p -> LedgerViews.validators(chain.state()),
        "pot_getValidator", this::validator,
        "pot_supply", p -> LedgerViews.supply(SupplyAudit.of(chain.state())));
  }

  private ObjectNode status() {
    LedgerState s = chain.state();
    Address me = chain.nodeAddress();
    ObjectNode o =
        Json.object()
            .put("node", chain.nodeName())
            .put("chain_id", chain.chainId())
            .put("height", s.height())
            .put("last_block_hash", s.globals().lastBlockHash().toHex())
            .put("last_block_time", s.globals().lastBlockTime())
            .put("state_root", s.root().toHex())
            .put("peers", chain.peerCount())
            .put("mempool", chain.pendingCount())
            .put("address", me.toString())
            .put("validator", s.validatorSet().member(me) != null)
            .put("min_fee", s.params().minFee());
    ObjectNode work = o.putObject("work");
    chain.workCounts().forEach(work::put);
    return o;
  }

  private JsonNode validator(JsonNode params) throws RpcError {
    LedgerState s = chain.state();
    Address a = Params.address(params, "address");
    if (s.validator(a) == null) {
      throw RpcError.invalidParams("no validator " + a);
    }
    return LedgerViews.validator(s, a);
  }
}

package network.pot.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import network.pot.chain.crypto.Address;
import network.pot.node.api.ChainQuery;
import network.pot.rpc.json.LedgerViews;

/**
 * Stake and what it earns, from the committed state: {@code pot_getDelegations {address}} (each
 * delegation with its shares, their worth and pending reward), {@code pot_getRewards {address}}
 * (what withdrawing each validator's rewards would pay now, and the total), {@code
 * pot_getUnbondings {address}} (unbonding entries and redelegations still in their period) and
 * {@code pot_getParams} (the chain parameters).
 */
public final class StakingMethods implements MethodGroup {
  private final ChainQuery chain;

  public StakingMethods(ChainQuery chain) {
    this.chain = chain;
  }

  @Override
  public Map<String, RpcMethod> methods() {
    return Map.of(
        "pot_getDelegations", this::delegations,
        "pot_getRewards", this::rewards,
        "pot_getUnbondings", this::unbondings,
        "pot_getParams", p -> LedgerViews.params(chain.state().params()));
  }

  private JsonNode delegations(JsonNode params) throws RpcError {
    Address a = Params.address(params, "address");
    return LedgerViews.delegations(chain.state(), a);
  }

  private JsonNode rewards(JsonNode params) throws RpcError {
    Address a = Params.address(params, "address");
    return LedgerViews.rewards(chain.state(), a);
  }

  private JsonNode unbondings(JsonNode params) throws RpcError {
    Address a = Params.address(params, "address");
    return LedgerViews.unbondings(chain.state(), a);
  }
}

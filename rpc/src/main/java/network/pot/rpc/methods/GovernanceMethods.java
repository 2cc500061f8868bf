package network.pot.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Map;
import network.pot.base.json.Json;
import network.pot.chain.state.GovernanceProposal;
import network.pot.chain.state.LedgerState;
import network.pot.node.api.ChainQuery;
import network.pot.rpc.json.LedgerViews;

/**
 * Governance: {@code pot_getProposals} (every proposal, oldest first) and {@code pot_getProposal
 * {id}}, each with its title, action, status, end height, deposits, votes and tally.
 */
public final class GovernanceMethods implements MethodGroup {
  private final ChainQuery chain;

  public GovernanceMethods(ChainQuery chain) {
    this.chain = chain;
  }

  @Override
  public Map<String, RpcMethod> methods() {
    return Map.of("pot_getProposals", p -> proposals(), "pot_getProposal", this::proposal);
  }

  // proposals share their id counter with unbonding entries: every id issued so far is looked at
  private ArrayNode proposals() {
    LedgerState s = chain.state();
    ArrayNode arr = Json.array();
    for (long id = 1; id < s.globals().nextId(); id++) {
      GovernanceProposal p = s.proposal(id);
      if (p != null) {
        arr.add(LedgerViews.proposal(s, id, p));
      }
    }
    return arr;
  }

  private JsonNode proposal(JsonNode params) throws RpcError {
    LedgerState s = chain.state();
    long id = Params.integer(params, "id");
    GovernanceProposal p = id < 0 ? null : s.proposal(id);
    if (p == null) {
      throw RpcError.invalidParams("params.id: no proposal " + id);
    }
    return LedgerViews.proposal(s, id, p);
  }
}

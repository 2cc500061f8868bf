package network.pot.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import network.pot.base.json.Json;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Event;
import network.pot.chain.state.LedgerState;
import network.pot.chain.store.ChainStore;
import network.pot.node.api.ChainQuery;
import network.pot.rpc.json.LedgerViews;

/**
 * The node and the network it sees: {@code pot_status} (this node, its chain head, the minimum fee,
 * peers, mempool and work counters), {@code pot_getValidators {all?}} (the active set; with {@code
 * all: true} every validator with its status), {@code pot_getValidator {address}} (with its
 * delegators, recent signatures and slashes) and {@code pot_supply} (the supply audit and the
 * emission schedule, computed once per block: {@link SupplyCache}).
 */
public final class StatusMethods implements MethodGroup {
  private final ChainQuery chain;
  private final SupplyCache supply;

  public StatusMethods(ChainQuery chain) {
    this(chain, new SupplyCache());
  }

  StatusMethods(ChainQuery chain, SupplyCache supply) {
    this.chain = chain;
    this.supply = supply;
  }

  @Override
  public Map<String, RpcMethod> methods() {
    return Map.of(
        "pot_status",
        p -> status(),
        "pot_getValidators",
        this::validators,
        "pot_getValidator",
        this::validator,
        "pot_supply",
        p -> supply.supply(chain.state()));
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

  private JsonNode validators(JsonNode params) throws RpcError {
    JsonNode all = params == null ? null : params.get("all");
    if (all != null && !all.isNull() && !all.isBoolean()) {
      throw RpcError.invalidParams("params.all must be true or false");
    }
    LedgerState s = chain.state();
    return all != null && all.asBoolean()
        ? LedgerViews.allValidators(s)
        : LedgerViews.validators(s);
  }

  private JsonNode validator(JsonNode params) throws RpcError {
    LedgerState s = chain.state();
    Address a = Params.address(params, "address");
    if (s.validator(a) == null) {
      throw RpcError.invalidParams("no validator " + a);
    }
    ObjectNode o = LedgerViews.validator(s, a);
    o.set("delegators", LedgerViews.delegators(s, a));
    signatures(o, s.height(), a);
    slashes(o, a);
    return o;
  }

  /** How many of the latest commits {@code pot_getValidator} looks at for the validator's own. */
  static final int SIGNATURE_WINDOW = 20;

  /** How many history entries {@code pot_getValidator} reads back to find slashes. */
  static final int SLASH_SCAN = 10_000;

  /**
   * {@code recent_commits} and {@code recent_signed}: of the commits the latest blocks carry (each
   * block records who signed its predecessor), how many hold the validator's signature; {@code
   * uptime}: those commits newest first, each the {@code height} of the block signed and whether
   * the validator {@code signed} it.
   */
  private void signatures(ObjectNode o, long height, Address a) {
    int seen = 0;
    int signed = 0;
    ArrayNode uptime = Json.array();
    for (long h = height; h > 1 && seen < SIGNATURE_WINDOW; h--) {
      Block b = chain.block(h);
      if (b == null) {
        break;
      }
      seen++;
      boolean in = b.header().lastCommit().contains(a);
      if (in) {
        signed++;
      }
      uptime.addObject().put("height", h - 1).put("signed", in);
    }
    o.put("recent_commits", seen).put("recent_signed", signed);
    o.set("uptime", uptime);
  }

  /**
   * {@code slashes} and {@code jailings}: the validator's slashing and jailing events (each with
   * its reason), newest first, with the height of the block that applied each; {@code
   * slashes_complete} is false when the history was too long to read to its start.
   */
  private void slashes(ObjectNode o, Address a) {
    ArrayNode out = o.putArray("slashes");
    ArrayNode jailings = o.putArray("jailings");
    ChainStore.HistoryEntry before = null;
    int read = 0;
    boolean complete = false;
    while (read < SLASH_SCAN) {
      List<ChainStore.HistoryEntry> page = chain.history(a, before, 500);
      for (ChainStore.HistoryEntry e : page) {
        ChainStore.BlockEvents be = chain.blockEvents(e.height());
        if (be == null) {
          continue;
        }
        List<Event> events =
            e.isBlock()
                ? be.block()
                : e.index() < be.transactions().size()
                    ? be.transactions().get(e.index())
                    : List.of();
        for (Event ev : events) {
          if (ev.type() == Event.Type.SLASH && a.equals(ev.account())) {
            out.add(LedgerViews.event(ev).put("height", e.height()));
          } else if (ev.type() == Event.Type.JAIL && a.equals(ev.account())) {
            jailings.add(LedgerViews.event(ev).put("height", e.height()));
          }
        }
      }
      read += page.size();
      if (page.size() < 500) {
        complete = true;
        break;
      }
      before = page.get(page.size() - 1);
    }
    o.put("slashes_complete", complete);
  }
}

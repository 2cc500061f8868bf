package network.pot.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import network.pot.base.json.Json;
import network.pot.chain.block.Block;
import network.pot.chain.state.Event;
import network.pot.chain.state.LedgerState;
import network.pot.chain.store.ChainStore;
import network.pot.node.api.ChainQuery;
import network.pot.rpc.json.LedgerViews;

/**
 * The finalized chain: {@code pot_getBlock {height}} (one block with its signers and transactions;
 * the head when no height is given) and {@code pot_getBlocks {from, count}} (summaries of the
 * blocks at heights {@code from} upwards, at most {@code count} &le; {@value #MAX_BLOCKS} of them,
 * stopping at the tip; each with {@code height, hash, time, previous_hash, state_root, proposer,
 * tx_count}, and {@code minted}: the new tokens the block's reward created, when the node keeps the
 * block's events).
 */
public final class BlockMethods implements MethodGroup {
  /** Most blocks one {@code pot_getBlocks} call returns. */
  public static final int MAX_BLOCKS = 100;

  private final ChainQuery chain;

  public BlockMethods(ChainQuery chain) {
    this.chain = chain;
  }

  @Override
  public Map<String, RpcMethod> methods() {
    return Map.of("pot_getBlock", this::block, "pot_getBlocks", this::blocks);
  }

  private JsonNode block(JsonNode params) throws RpcError {
    LedgerState s = chain.state();
    long h = params.path("height").asLong(s.height());
    Block b = h >= 1 && h <= s.height() ? chain.block(h) : null;
    if (b == null && h >= 1 && h < chain.historyFrom() && h <= s.height()) {
      throw RpcError.invalidParams(
          "block "
              + h
              + " is not kept by this node: it holds blocks from height "
              + chain.historyFrom()
              + " (state sync or [storage] pruning); ask an archive node");
    }
    if (b == null) {
      throw RpcError.invalidParams("no block at height " + h);
    }
    return LedgerViews.block(b);
  }

  private JsonNode blocks(JsonNode params) throws RpcError {
    LedgerState s = chain.state();
    long from = Params.integer(params, "from");
    long count = Params.integer(params, "count");
    if (from < 1) {
      throw RpcError.invalidParams("params.from must be a height of at least 1");
    }
    if (count < 1 || count > MAX_BLOCKS) {
      throw RpcError.invalidParams("params.count must be between 1 and " + MAX_BLOCKS);
    }
    ArrayNode arr = Json.array();
    long last = Math.min(s.height(), from + count - 1);
    for (long h = Math.max(from, chain.historyFrom()); h <= last; h++) {
      Block b = chain.block(h);
      if (b == null) {
        continue; // not kept here
      }
      ObjectNode o = LedgerViews.blockSummary(b).put("tx_count", b.transactions().size());
      ChainStore.BlockEvents events = chain.blockEvents(h);
      if (events != null) {
        long minted = 0;
        for (Event e : events.block()) {
          if (e.type() == Event.Type.MINT) {
            minted = Math.addExact(minted, e.amount());
          }
        }
        o.put("minted", minted);
      }
      arr.add(o);
    }
    return arr;
  }
}

package network.pot.rpc.methods;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;
import network.pot.base.crypto.Hash;
import network.pot.chain.state.LedgerState;
import network.pot.rpc.json.LedgerViews;

/**
 * {@code pot_supply}'s answer for the latest committed state, computed once per block: the supply
 * audit walks every account, validator, delegation and task of the state, which is far too much
 * work to repeat for each caller, and its answer changes only when a block commits. The answer is
 * kept with the height and hash of the block it is for and computed again when either changes.
 * Concurrent callers at a new height wait for the one walk.
 */
final class SupplyCache {
  private final Function<LedgerState, ObjectNode> walk;
  private long height = -1;
  private Hash block;
  private ObjectNode answer;

  /** A cache over {@link LedgerViews#supply}. */
  SupplyCache() {
    this(LedgerViews::supply);
  }

  /** A cache over {@code walk} (tests count its calls). */
  SupplyCache(Function<LedgerState, ObjectNode> walk) {
    this.walk = walk;
  }

  /** The supply view of {@code state}: the cached one when it is for the same block. */
  synchronized ObjectNode supply(LedgerState state) {
    Hash last = state.globals().lastBlockHash();
    if (answer == null || height != state.height() || !last.equals(block)) {
      answer = walk.apply(state);
      height = state.height();
      block = last;
    }
    return answer.deepCopy();
  }
}

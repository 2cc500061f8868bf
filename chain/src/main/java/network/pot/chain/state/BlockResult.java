package network.pot.chain.state;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.bytes.Bytes;
import network.pot.chain.block.Block;

/**
 * A block applied to a state: the new state, one outcome per transaction in block order, and the
 * state entries the block changed (null = deleted), which storage writes.
 */
public record BlockResult(
    Block block, LedgerState state, List<Outcome> outcomes, Map<Bytes, StateValue> changes) {
  public BlockResult {
    outcomes = List.copyOf(outcomes);
    changes = Collections.unmodifiableMap(new HashMap<>(changes));
  }

  /** True when every transaction was accepted (what a proposer's block should satisfy). */
  public boolean allAccepted() {
    return outcomes.stream().allMatch(Outcome::ok);
  }

  /** Number of accepted transactions. */
  public long acceptedCount() {
    return outcomes.stream().filter(Outcome::ok).count();
  }
}

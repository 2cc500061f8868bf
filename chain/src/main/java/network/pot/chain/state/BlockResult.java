package network.pot.chain.state;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.bytes.Bytes;
import network.pot.chain.block.Block;

/**
 * A block applied to a state: the new state, one outcome per transaction in block order, the state
 * entries the block changed (null = deleted), which storage writes, and what happened: the events
 * of each transaction in block order (empty for a rejected one, which changes nothing) and the
 * events of the block's begin and end steps, in the order they happened.
 */
public record BlockResult(
    Block block,
    LedgerState state,
    List<Outcome> outcomes,
    Map<Bytes, StateValue> changes,
    List<List<Event>> txEvents,
    List<Event> blockEvents) {
  public BlockResult {
    outcomes = List.copyOf(outcomes);
    changes = Collections.unmodifiableMap(new HashMap<>(changes));
    txEvents = txEvents.stream().map(List::copyOf).toList();
    blockEvents = List.copyOf(blockEvents);
    if (txEvents.size() != outcomes.size()) {
      throw new IllegalArgumentException("one event list per transaction");
    }
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

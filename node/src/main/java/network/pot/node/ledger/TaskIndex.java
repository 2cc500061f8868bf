package network.pot.node.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.chain.state.BlockResult;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.StateKey;

/**
 * The ids of every training task in the state (competitive and, apart, collaborative), for the
 * workers and the API (the state is keyed by id and has no list of tasks). Built once from the
 * state, then kept up to date from the state changes of each committed block.
 */
public final class TaskIndex implements LedgerApp.CommitListener {
  private final ConcurrentSkipListSet<Hash> ids = new ConcurrentSkipListSet<>();
  private final ConcurrentSkipListSet<Hash> collabIds = new ConcurrentSkipListSet<>();

  public TaskIndex(LedgerState state) {
    state.forEach((k, v) -> note(k));
  }

  private void note(Bytes key) {
    StateKey.Kind kind = StateKey.Kind.of(key);
    if (kind == StateKey.Kind.TASK || kind == StateKey.Kind.COLLAB_TASK) {
      byte[] k = key.toArray();
      (kind == StateKey.Kind.TASK ? ids : collabIds)
          .add(Hash.of(Arrays.copyOfRange(k, 1, 1 + Hash.SIZE)));
    }
  }

  @Override
  public void committed(network.pot.chain.block.Block block, BlockResult result) {
    result.changes().keySet().forEach(this::note);
  }

  /** Collaborative task ids, in id order. */
  public List<Hash> collabIds() {
    return new ArrayList<>(collabIds);
  }

  /** Task ids, in id order. */
  public List<Hash> ids() {
    return new ArrayList<>(ids);
  }
}

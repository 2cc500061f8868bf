package network.pot.node.storage;

import java.util.function.LongSupplier;
import network.pot.chain.state.LedgerState;
import network.pot.chain.store.ChainStore;
import network.pot.node.ledger.NodeBlockStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes block history by the node's {@link Pruning} setting: the ledger's blocks, events and
 * indexes ({@link ChainStore#prune}) and the consensus log ({@link NodeBlockStore#prune}), below
 * the height {@link Pruning#keepFrom} allows. Runs on the storage thread, never the consensus
 * thread, a bounded batch at a time: each batch is atomic, so a crash leaves every height either
 * whole or pruned.
 */
public final class BlockPruner {
  private static final Logger STATUS = LoggerFactory.getLogger("pot.status");

  /** Heights deleted per atomic batch. */
  static final int BATCH = 1_000;

  private final String name;
  private final Pruning pruning;
  private final ChainStore chain;
  private final NodeBlockStore blocks;
  private final LongSupplier oldestSnapshot;
  private final LongSupplier oldestOpenTask;

  /**
   * @param oldestSnapshot height of the oldest state snapshot this node offers, {@code
   *     Long.MAX_VALUE} when none
   * @param oldestOpenTask height the oldest unsettled task was published at, {@code Long.MAX_VALUE}
   *     when none
   */
  public BlockPruner(
      String name,
      Pruning pruning,
      ChainStore chain,
      NodeBlockStore blocks,
      LongSupplier oldestSnapshot,
      LongSupplier oldestOpenTask) {
    this.name = name;
    this.pruning = pruning;
    this.chain = chain;
    this.blocks = blocks;
    this.oldestSnapshot = oldestSnapshot;
    this.oldestOpenTask = oldestOpenTask;
  }

  /** The height below which history may go now. */
  private long keepFrom(LedgerState state) {
    return pruning.keepFrom(
        state.height(),
        state.params().evidenceMaxAge(),
        oldestSnapshot.getAsLong(),
        oldestOpenTask.getAsLong());
  }

  /**
   * Prunes what {@link #keepFrom} allows at {@code state}.
   *
   * @return the heights pruned from the ledger
   */
  public long prune(LedgerState state) {
    if (pruning.mode() == Pruning.Mode.NOTHING) {
      return 0;
    }
    long below = keepFrom(state);
    long epoch = state.params().epochLength();
    long ledger = 0;
    for (long n; (n = chain.prune(below, epoch, BATCH)) > 0; ) {
      ledger += n;
    }
    long log = 0;
    for (long n; (n = blocks.prune(below, epoch, BATCH)) > 0; ) {
      log += n;
    }
    if (ledger + log > 0) {
      STATUS.info(
          "{} pruned {} blocks of history ({} from the consensus log); keeping from height {}",
          name,
          ledger,
          log,
          below);
    }
    return ledger;
  }
}

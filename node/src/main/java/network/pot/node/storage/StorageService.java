package network.pot.node.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import network.pot.base.crypto.Hash;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.BlockResult;
import network.pot.chain.state.LedgerState;
import network.pot.node.ledger.LedgerApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running node's storage upkeep, on a thread of its own (never the consensus thread): every
 * {@code gc_interval_blocks} it collects what the retention policy lets go, and after every block
 * it checks the free space of the data directory against the watermark (and, when given a {@link
 * BlockPruner}, prunes block history at each collection). Below it, {@link #diskLow()} is true: the
 * miner takes no new task, no new dataset is fetched or uploaded, and it says so once in the status
 * log; validation goes on. It recovers by itself once space is freed. The last plan is kept for the
 * metrics and {@code pot storage status}.
 */
public final class StorageService implements LedgerApp.CommitListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorageService.class);
  private static final Logger STATUS = LoggerFactory.getLogger("pot.status");

  private final String name;
  private final Storage storage;
  private final StorageConfig config;
  private final Supplier<LedgerState> state;
  private final Supplier<List<Hash>> taskIds;
  private final Address self;
  private final LongSupplier freeBytes;
  private final ExecutorService worker;
  private volatile BlockPruner pruner;
  private volatile RetentionPlan lastPlan;
  private volatile boolean diskLow;
  private long lastCollectedHeight = -1;

  public StorageService(
      String name,
      Storage storage,
      StorageConfig config,
      Supplier<LedgerState> state,
      Supplier<List<Hash>> taskIds,
      Address self,
      LongSupplier freeBytes) {
    this.name = name;
    this.storage = storage;
    this.config = config;
    this.state = state;
    this.taskIds = taskIds;
    this.self = self;
    this.freeBytes = freeBytes;
    this.worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name + "-storage");
              t.setDaemon(true);
              return t;
            });
  }

  /** The usable bytes of the file system that holds {@code dir}. */
  public static LongSupplier freeSpaceOf(Path dir) {
    return () -> {
      try {
        return Files.getFileStore(dir).getUsableSpace();
      } catch (IOException e) {
        return Long.MAX_VALUE; // cannot tell: do not stop work on a guess
      }
    };
  }

  /**
   * Prunes block history by {@code p} at each collection from now on (before this call, none is
   * pruned).
   */
  public void pruneBlocksWith(BlockPruner p) {
    this.pruner = p;
  }

  public Storage storage() {
    return storage;
  }

  /** Whether free space is below the watermark (as of the last check). */
  public boolean diskLow() {
    return diskLow;
  }

  /** The last plan made (null before the first). */
  public RetentionPlan lastPlan() {
    return lastPlan;
  }

  @Override
  public void committed(Block block, BlockResult result) {
    submit(() -> upkeep(block.height()));
  }

  private void submit(Runnable r) {
    try {
      worker.execute(r);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  /** Checks the watermark and, when due, collects. Runs on the storage thread. */
  void upkeep(long height) {
    try {
      boolean low = checkWatermark();
      boolean due =
          config.gcIntervalBlocks() > 0
              && (lastCollectedHeight < 0
                  || height - lastCollectedHeight >= config.gcIntervalBlocks());
      if (due || (low && height != lastCollectedHeight)) {
        lastCollectedHeight = height;
        collect(false);
        BlockPruner p = pruner;
        if (p != null) {
          p.prune(state.get());
        }
        checkWatermark();
      } else if (lastPlan == null || height % 10 == 0) {
        plan();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} storage upkeep failed: {}", name, e.toString());
    }
  }

  /** Re-reads free space; logs a change of state. */
  public boolean checkWatermark() {
    if (config.minFreeBytes() == 0) {
      return false;
    }
    long free = freeBytes.getAsLong();
    boolean low = free < config.minFreeBytes();
    if (low != diskLow) {
      diskLow = low;
      if (low) {
        STATUS.warn(
            "{} disk space low: {} bytes free, below the watermark of {}; taking no new tasks or"
                + " datasets until space is freed (validation goes on)",
            name,
            free,
            config.minFreeBytes());
      } else {
        STATUS.info("{} disk space recovered: {} bytes free; taking new work again", name, free);
      }
    }
    return low;
  }

  /** Plans without removing anything (and keeps the plan for the metrics). */
  public RetentionPlan plan() throws IOException {
    RetentionPlan p = storage.plan(state.get(), taskIds.get(), self);
    lastPlan = p;
    return p;
  }

  /** Collects now, on the caller's thread. */
  public Storage.Result collect(boolean dryRun) throws IOException {
    Storage.Result r = storage.collect(state.get(), taskIds.get(), self, dryRun);
    lastPlan = r.plan();
    if (!r.removed().isEmpty()) {
      STATUS.info(
          "{} storage: removed {} artifacts, {} bytes", name, r.removed().size(), r.removedBytes());
    }
    return r;
  }

  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package network.pot.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import network.pot.base.crypto.Hash;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Globals;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.StateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The service collects on its own thread, told by a committed block, and tracks the watermark. */
@Timeout(30)
class StorageServiceTest {
  @Test
  void aCommittedBlockStartsACollectionOffTheCallersThread(@TempDir Path dir) throws Exception {
    List<String> threads = new CopyOnWriteArrayList<>();
    ArtifactIndex index =
        ArtifactIndex.open(dir, step -> threads.add(Thread.currentThread().getName()));
    Hash stray = Hash.sha256("stray".getBytes(StandardCharsets.UTF_8));
    index.put(stray.toArray(), new ByteArrayInputStream(new byte[100]), 64);
    RetentionPolicy dropOther =
        new RetentionPolicy(Map.of(BlobKind.OTHER, RetentionPolicy.Keep.NEEDED), true, 0);
    AtomicLong free = new AtomicLong(10_000);
    LedgerState state =
        LedgerState.of(
            Map.of(StateKey.GLOBALS, new Globals(5, Hash.ZERO, 0, 0, 0, 0, 0, 0, List.of())));
    try (StorageService s =
        new StorageService(
            "n",
            new Storage(index, new PinSet(dir), dropOther),
            new StorageConfig(dropOther, 1, 1_000, Pruning.DEFAULT),
            () -> state,
            List::of,
            null,
            free::get)) {
      Block b =
          Block.build(
              "c",
              5,
              0,
              Hash.ZERO,
              Hash.ZERO,
              Address.of(new byte[20]),
              Hash.ZERO,
              List.of(),
              List.of());
      s.committed(b, null);
      while (!index.sizes().isEmpty()) {
        Thread.onSpinWait();
      }
      assertThat(threads).isNotEmpty().allMatch(t -> t.equals("n-storage"));
      assertThat(s.diskLow()).isFalse();
      free.set(999);
      assertThat(s.checkWatermark()).isTrue();
      free.set(5_000);
      assertThat(s.checkWatermark()).isFalse();
    }
  }
}

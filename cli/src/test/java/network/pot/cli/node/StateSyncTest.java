package network.pot.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import network.pot.cli.devnet.DevnetLayout;
import network.pot.node.Node;
import network.pot.node.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that joins late with {@code --state-sync} restores a validator's snapshot over real
 * sockets (light-client checked from genesis, hash-checked chunks) instead of replaying, follows
 * the chain from there with the same state roots, and restarts from its own store.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StateSyncTest {
  @TempDir Path dir;

  private static NodeConfig config(DevnetLayout layout, int node, long interval) throws Exception {
    Path file = layout.config(layout.nodes().get(node));
    Files.writeString(
        file,
        Files.readString(file)
            .replace("snapshot_interval = 100", "snapshot_interval = " + interval));
    return NodeConfig.read(file);
  }

  @Test
  void aLateNodeRestoresASnapshotAndFollowsTheChain() throws Exception {
    DevnetLayout layout =
        DevnetLayout.create(dir, 1, 1, List.of(NodeTest.SMALL), DevnetLayout.params());
    try (Node validator = Node.start(config(layout, 0, 20))) {
      CatchUpTest.awaitHeight(validator, 45, 120_000);
      assertThat(validator.stateSync().held()).extracting(o -> o.height()).contains(40L);
      NodeConfig late = config(layout, 1, 20).withStateSync(true);
      long t0 = System.nanoTime();
      try (Node follower = Node.start(late)) {
        assertThat(follower.restored()).as("restored from a snapshot").isNotNull();
        long base = follower.restored().height();
        assertThat(base).isGreaterThanOrEqualTo(40).isEqualTo(follower.app().chain().base());
        long target = validator.app().state().height();
        CatchUpTest.awaitHeight(follower, target, 60_000);
        System.out.printf(
            "state-synced at %d and followed to %d in %d ms (snapshot %d bytes, %d epochs)%n",
            base,
            target,
            (System.nanoTime() - t0) / 1_000_000,
            follower.restored().bytes(),
            follower.restored().epochs());
        assertThat(follower.app().chain().block(base - 1)).as("nothing replayed").isNull();
        assertThat(follower.app().chain().block(target).hash())
            .isEqualTo(validator.app().chain().block(target).hash());
        var state = follower.app().state();
        CatchUpTest.awaitHeight(validator, state.height() + 1, 30_000);
        assertThat(state.root())
            .isEqualTo(validator.app().chain().block(state.height() + 1).header().stateRoot());
      }
      CatchUpTest.awaitHeight(validator, validator.app().state().height() + 10, 60_000);
      try (Node again = Node.start(late)) {
        assertThat(again.restored()).as("a restart resumes from its own store").isNull();
        long now = validator.app().state().height();
        CatchUpTest.awaitHeight(again, now, 60_000);
        assertThat(again.app().chain().block(now).hash())
            .isEqualTo(validator.app().chain().block(now).hash());
      }
    }
  }

  @Test
  void aValidatorThatPrunesEverythingItMayStillServesAStateSync() throws Exception {
    DevnetLayout layout =
        DevnetLayout.create(dir, 1, 1, List.of(NodeTest.SMALL), DevnetLayout.params());
    Path file = layout.config(layout.nodes().get(0));
    Files.writeString(
        file,
        "\n[storage]\ngc_interval_blocks = 5\npruning = \"everything\"\n",
        java.nio.file.StandardOpenOption.APPEND);
    try (Node validator = Node.start(config(layout, 0, 20))) {
      // evidence age 30: at height 75 the blocks below 45 (or the oldest snapshot held) may go
      CatchUpTest.awaitHeight(validator, 75, 120_000);
      long deadline = System.currentTimeMillis() + 30_000;
      while (validator.app().chain().prunedBelow() < 40 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      var chain = validator.app().chain();
      long pruned = chain.prunedBelow();
      long oldestSnapshot =
          validator.stateSync().held().stream().mapToLong(o -> o.height()).min().orElseThrow();
      System.out.printf(
          "pruned below %d at height %d (oldest snapshot held %d)%n",
          pruned, validator.app().state().height(), oldestSnapshot);
      assertThat(pruned).as("pruned below").isGreaterThanOrEqualTo(40);
      assertThat(pruned).as("never past the oldest snapshot").isLessThanOrEqualTo(oldestSnapshot);
      assertThat(chain.block(1)).isNull();
      assertThat(chain.block(pruned)).isNotNull();
      assertThat(validator.app().blocks().epochBlock(11)).as("epoch blocks kept").isPresent();
      assertThat(validator.app().blocks().raw(pruned - 1)).isEmpty();

      NodeConfig late = config(layout, 1, 20).withStateSync(true);
      try (Node follower = Node.start(late)) {
        assertThat(follower.restored()).as("restored from the pruned node").isNotNull();
        long target = validator.app().state().height();
        CatchUpTest.awaitHeight(follower, target, 60_000);
        assertThat(follower.app().chain().block(target).hash())
            .isEqualTo(validator.app().chain().block(target).hash());
      }
    }
  }
}

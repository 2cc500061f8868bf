package network.pot.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A node that joins late downloads the finalized chain from a peer by ranges (real sockets, real
 * RocksDB) and ends with the same blocks and state root; restarted, it resumes from its own storage
 * and catches up again.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CatchUpTest {
  @TempDir Path dir;

  static void awaitHeight(Node n, long h, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (n.app().state().height() < h) {
      assertThat(System.currentTimeMillis())
          .as("%s reaching height %d (at %d)", n.name(), h, n.app().state().height())
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void aLateNodeCatchesUpWithTheSameState() throws Exception {
    DevnetLayout layout =
        DevnetLayout.create(dir, 1, 1, List.of(NodeTest.SMALL), DevnetLayout.params());
    try (Node validator = Node.start(NodeConfig.read(layout.config(layout.nodes().get(0))))) {
      awaitHeight(validator, 40, 120_000);
      long target = validator.app().state().height();
      NodeConfig late = NodeConfig.read(layout.config(layout.nodes().get(1)));
      long t0 = System.nanoTime();
      try (Node follower = Node.start(late)) {
        awaitHeight(follower, target, 60_000);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(
            "caught up %d blocks in %d ms, %d by range sync%n",
            target, ms, follower.rangeSync().imported());
        assertThat(follower.rangeSync().imported()).isPositive();
        assertThat(follower.app().chain().block(target).hash())
            .isEqualTo(validator.app().chain().block(target).hash());
        var state = follower.app().state(); // the header of the next block names its state root
        awaitHeight(validator, state.height() + 1, 30_000);
        assertThat(state.root())
            .isEqualTo(validator.app().chain().block(state.height() + 1).header().stateRoot());
      }
      awaitHeight(validator, target + 15, 60_000);
      try (Node again = Node.start(late)) {
        long now = validator.app().state().height();
        awaitHeight(again, now, 60_000);
        assertThat(again.app().chain().block(now).hash())
            .isEqualTo(validator.app().chain().block(now).hash());
      }
    }
  }
}

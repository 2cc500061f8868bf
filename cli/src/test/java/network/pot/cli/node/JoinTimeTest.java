package network.pot.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import network.pot.cli.devnet.DevnetLayout;
import network.pot.node.Node;
import network.pot.node.NodeConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figure behind state sync: a validator runs 10,000 blocks, then one node joins by replaying
 * them and another by state sync; both must end on the validator's chain, and the test prints how
 * long each took (profile {@code long}; it measures, it asserts no speed).
 */
@Tag("long")
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class JoinTimeTest {
  static final long BLOCKS = 10_000;

  @TempDir Path dir;

  private static void awaitHeight(Node n, long h, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    long last = -1;
    while (n.app().state().height() < h) {
      assertThat(System.currentTimeMillis())
          .as("%s reaching height %d (at %d)", n.name(), h, n.app().state().height())
          .isLessThan(deadline);
      long now = n.app().state().height();
      if (now / 1000 != last / 1000) {
        System.out.printf("%s at height %d%n", n.name(), now);
      }
      last = now;
      Thread.sleep(20);
    }
  }

  private static NodeConfig config(DevnetLayout layout, int node) throws Exception {
    Path file = layout.config(layout.nodes().get(node));
    Files.writeString(
        file,
        Files.readString(file)
            .replace("snapshot_interval = 100", "snapshot_interval = 1000")
            .replace("block_interval_ms = 300", "block_interval_ms = 1"));
    return NodeConfig.read(file);
  }

  private static long join(Node validator, NodeConfig config) throws Exception {
    long target = validator.app().state().height();
    long t0 = System.nanoTime();
    try (Node n = Node.start(config)) {
      awaitHeight(n, target, 30 * 60_000L);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(n.app().chain().block(target).hash())
          .isEqualTo(validator.app().chain().block(target).hash());
      return ms;
    }
  }

  @Test
  void joiningAfterTenThousandBlocksByStateSyncAndByReplay() throws Exception {
    DevnetLayout layout =
        DevnetLayout.create(dir, 1, 2, List.of(NodeTest.SMALL), DevnetLayout.params());
    try (Node validator = Node.start(config(layout, 0))) {
      long t0 = System.nanoTime();
      awaitHeight(validator, BLOCKS + 1, 40 * 60_000L);
      System.out.printf(
          "validator: %d blocks in %d s%n", BLOCKS, (System.nanoTime() - t0) / 1_000_000_000);
      long replay = join(validator, config(layout, 1));
      long synced = join(validator, config(layout, 2).withStateSync(true));
      System.out.printf(
          "join after %d blocks: replay %d ms, state sync %d ms (%.1fx)%n",
          BLOCKS, replay, synced, (double) replay / synced);
    }
  }
}

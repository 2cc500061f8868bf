package network.pot.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeMetricsTest {
  /** A source whose values are fixed, so the scrape can be checked line by line. */
  private static final class Fixed implements NodeMetrics.Source {
    @Override
    public long height() {
      return 42;
    }

    @Override
    public long round() {
      return 1;
    }

    @Override
    public int peersIn() {
      return 3;
    }

    @Override
    public int peersOut() {
      return 5;
    }

    @Override
    public int mempoolTransactions() {
      return 7;
    }

    @Override
    public long mempoolBytes() {
      return 900;
    }

    @Override
    public int fraudChecksPending() {
      return 0;
    }

    @Override
    public Map<String, Long> tasksByStatus() {
      return Map.of("open", 2L);
    }

    @Override
    public Map<String, Long> workCounts() {
      return Map.of("watcher_checked", 4L);
    }
  }

  /**
   * Micrometer holds a gauge's object weakly unless told otherwise; the values here are lambdas
   * nothing else keeps, so after a collection they would read NaN. A node scraped an hour after
   * start must still report its height.
   */
  @Test
  void gaugesSurviveGarbageCollection(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a"), "x".repeat(100));
    NodeMetrics metrics = new NodeMetrics("n0", new Fixed(), Map.of("chain", dir));
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
    }
    String scrape = metrics.scrape();
    assertThat(value(scrape, "pot_chain_height")).isEqualTo(42.0);
    assertThat(value(scrape, "pot_p2p_peers{direction=\"out\"")).isEqualTo(5.0);
    assertThat(value(scrape, "pot_mempool_bytes")).isEqualTo(900.0);
    assertThat(value(scrape, "pot_tasks{node=\"n0\",status=\"open\"")).isEqualTo(2.0);
    assertThat(value(scrape, "pot_storage_bytes")).isGreaterThanOrEqualTo(100.0);
    assertThat(value(scrape, "pot_work_total")).isEqualTo(4.0);
  }

  private static double value(String scrape, String prefix) {
    String name = prefix.contains("{") ? prefix.substring(0, prefix.indexOf('{')) : prefix;
    for (String line : scrape.lines().toList()) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      if (prefix.contains("{")) {
        String want = prefix.substring(prefix.indexOf('{') + 1);
        boolean all = true;
        for (String label : List.of(want.split(",", -1))) {
          all &= line.contains(label);
        }
        if (!all) {
          continue;
        }
      }
      return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
    throw new AssertionError(prefix + " not in:\n" + scrape);
  }
}

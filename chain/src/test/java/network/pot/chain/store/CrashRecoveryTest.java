package network.pot.chain.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import network.pot.chain.state.LedgerState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a process that is committing blocks to RocksDB and reopens its store: it must
 * come back at a committed height with exactly the root that replaying the same blocks gives.
 */
@Timeout(120)
class CrashRecoveryTest {
  @Test
  void reopensAtTheLastCommittedBlockAfterKillDashNine(@TempDir Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    long seen = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (seen < 8 && (line = out.readLine()) != null) {
        if (line.matches("\\d+")) {
          seen = Long.parseLong(line);
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(seen).as("child committed blocks").isGreaterThanOrEqualTo(8);

    CrashWriter replay = new CrashWriter();
    try (ChainStore store =
        ChainStore.open(RocksDbKeyValueStorage.open(dir), replay.workload().genesis())) {
      assertThat(store.height()).isGreaterThanOrEqualTo(seen);
      LedgerState expected = replay.workload().genesis().state();
      while (expected.height() < store.height()) {
        expected = replay.next(expected).state();
      }
      assertThat(store.state().root()).isEqualTo(expected.root());
      assertThat(store.block(store.height()).hash()).isEqualTo(expected.globals().lastBlockHash());
    }
  }
}

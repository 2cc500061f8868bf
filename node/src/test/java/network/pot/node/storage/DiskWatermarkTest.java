package network.pot.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import network.pot.chain.state.LedgerState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watermark on a real, small file system: a 4 MiB tmpfs mounted for the test (needs root;
 * skipped otherwise, and by excluding the {@code mount} tag). Filling it past the watermark turns
 * {@link StorageService#diskLow()} on; freeing space turns it off again.
 */
@Tag("mount")
class DiskWatermarkTest {
  @TempDir Path tmp;

  private static boolean run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  @Test
  void belowTheWatermarkTheNodeSaysSoAndRecoversWhenSpaceIsFreed() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
    Path mnt = Files.createDirectories(tmp.resolve("small"));
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt.toString()), "mount");
    try {
      Storage storage = Storage.open(mnt.resolve("artifacts"), RetentionPolicy.DEFAULT);
      StorageService s =
          new StorageService(
              "test",
              storage,
              new StorageConfig(RetentionPolicy.DEFAULT, 0, 2L << 20, Pruning.DEFAULT),
              () -> LedgerState.of(Map.of()),
              List::of,
              null,
              StorageService.freeSpaceOf(mnt));
      try (s) {
        assertThat(s.checkWatermark()).isFalse();
        Path filler = mnt.resolve("filler");
        Files.write(filler, new byte[3 << 20]);
        assertThat(s.checkWatermark()).isTrue();
        assertThat(s.diskLow()).isTrue();
        Files.delete(filler);
        assertThat(s.checkWatermark()).isFalse();
        assertThat(s.diskLow()).isFalse();
      }
    } finally {
      run("umount", mnt.toString());
    }
  }
}

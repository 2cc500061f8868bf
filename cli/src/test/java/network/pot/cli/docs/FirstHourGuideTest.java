package network.pot.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code docs/first-hour.md} as written ({@link DocRunner}). It takes a few minutes (a devnet
 * of six node processes, and a JVM per command), so it runs with {@code -Pe2e}, which {@code
 * .ci/run} runs after the default build.
 */
@Tag("e2e")
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class FirstHourGuideTest {
  private static final Path GUIDE = Path.of("..", "docs", "first-hour.md").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void theGuideRunsAsWritten() throws Exception {
    String output =
        new DocRunner(dir).run(GUIDE, 6, 840, Path.of("target", "first-hour-guide.log"));
    // what the guide promises the reader sees
    assertThat(output).contains("PASSED").contains("earned");
  }
}

package network.pot.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code docs/export.md} as written ({@link DocRunner}): training a small model, exporting it
 * to ONNX and safetensors, and predicting with the checkpoint and with ONNX Runtime; then on a
 * devnet, a task published, settled, its winning model fetched and verified against the chain,
 * exported, and its correct predictions on the test split equal to the verified count. A JVM per
 * command and a devnet of six node processes, so it runs with {@code -Pe2e}.
 */
@Tag("e2e")
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class ExportGuideTest {
  private static final Path GUIDE = Path.of("..", "docs", "export.md").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void theExportGuideRunsAsWritten() throws Exception {
    String output = new DocRunner(dir).run(GUIDE, 5, 840, Path.of("target", "export-guide.log"));
    assertThat(output).contains("\"accuracy\"").contains("every provenance field matches");
  }
}

package network.pot.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import network.pot.base.json.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code docs/operators.md} as written ({@link DocRunner}): three operators' homes, the
 * genesis ceremony, three nodes (one logging JSON), a fourth that finds the network from one seed,
 * health and metrics. A JVM per command, so it runs with {@code -Pe2e}.
 */
@Tag("e2e")
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class OperatorsGuideTest {
  private static final Path GUIDE = Path.of("..", "docs", "operators.md").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void theOperatorsGuideRunsAsWritten() throws Exception {
    String output =
        new DocRunner(dir).run(GUIDE, 10, 540, Path.of("target", "operators-guide.log"));
    // the seeded node reached the network, whose first node answers health and metrics
    assertThat(output).containsPattern("peers: [1-9]").contains("\"status\":\"ready\"");
    assertThat(output).containsPattern("pot_chain_height\\{[^}]*\\} [0-9]");
    assertThat(output).containsPattern("pot_p2p_peers\\{direction=\"in\"[^}]*\\} [1-9]");
    // the node started with --log-format json wrote one JSON object per line
    List<String> json = new ArrayList<>();
    try (var logs = Files.newDirectoryStream(dir, "background-*.log")) {
      for (Path log : logs) {
        Files.readAllLines(log).stream().filter(l -> l.startsWith("{")).forEach(json::add);
      }
    }
    assertThat(json).isNotEmpty();
    for (String line : json) {
      assertThat(Json.read(line).path("formattedMessage").asText()).as(line).isNotEmpty();
    }
    assertThat(json).anyMatch(l -> l.contains("serves JSON-RPC"));
  }
}

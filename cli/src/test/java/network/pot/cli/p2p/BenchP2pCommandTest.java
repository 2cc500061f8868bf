package network.pot.cli.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import network.pot.cli.CliRun;
import network.pot.cli.output.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class BenchP2pCommandTest {
  private final CliRun cli = new CliRun();

  @Test
  void printsThroughputFiguresAsOneJsonObject() throws Exception {
    assertThat(cli.run("bench", "p2p", "--messages", "2000", "--blob-mb", "2", "--chunk-kib", "64"))
        .as(cli.err())
        .isZero();
    JsonNode o = new ObjectMapper().readTree(cli.out());
    assertThat(o.get("messages").asInt()).isEqualTo(2000);
    assertThat(o.get("messages_per_second").asLong()).isPositive();
    assertThat(o.get("blob_bytes").asLong()).isEqualTo(2L << 20);
    assertThat(o.get("blob_mb_per_second").asDouble()).isPositive();
    assertThat(o.get("blob_id").asText()).hasSize(64);
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(cli.run("bench", "p2p", "--messages", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("--messages").doesNotContain("Exception");
  }
}

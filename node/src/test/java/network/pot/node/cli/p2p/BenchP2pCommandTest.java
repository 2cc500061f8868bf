package network.pot.node.cli.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import network.pot.node.cli.ExitCodes;
import network.pot.node.cli.PotCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(120)
class BenchP2pCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = PotCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void printsThroughputFiguresAsOneJsonObject() throws Exception {
    assertThat(run("bench", "p2p", "--messages", "2000", "--blob-mb", "2", "--chunk-kib", "64"))
        .as(err.toString())
        .isZero();
    JsonNode o = new ObjectMapper().readTree(out.toString());
    assertThat(o.get("messages").asInt()).isEqualTo(2000);
    assertThat(o.get("messages_per_second").asLong()).isPositive();
    assertThat(o.get("blob_bytes").asLong()).isEqualTo(2L << 20);
    assertThat(o.get("blob_mb_per_second").asDouble()).isPositive();
    assertThat(o.get("blob_id").asText()).hasSize(64);
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(run("bench", "p2p", "--messages", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--messages").doesNotContain("Exception");
  }
}

package network.pot.node.cli.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import network.pot.node.cli.ExitCodes;
import network.pot.node.cli.PotCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConsensusCommandsTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = PotCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private JsonNode json() throws Exception {
    return new ObjectMapper().readTree(out.toString());
  }

  @Test
  void simConsensusPrintsTheContractFields() throws Exception {
    int code =
        run(
            "sim",
            "consensus",
            "--validators",
            "4",
            "--byzantine",
            "1",
            "--seeds",
            "3",
            "--heights",
            "4",
            "--faults",
            "drop,equivocate,crash");
    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    JsonNode j = json();
    assertThat(j.get("runs").asInt()).isEqualTo(3);
    assertThat(j.get("safety_violations").asInt()).isZero();
    assertThat(j.get("liveness_failures").asInt()).isZero();
    assertThat(j.get("heights_committed").asLong()).isGreaterThanOrEqualTo(12);
    assertThat(j.get("median_finality_ms").asDouble()).isPositive();
    assertThat(err.toString()).contains("run 3/3 seed 3: ok");
  }

  @Test
  void benchConsensusPrintsFinalityNextToItsLowerBound() throws Exception {
    int code =
        run(
            "bench",
            "consensus",
            "--validators",
            "4",
            "--latency-ms",
            "30:300",
            "--bandwidth-mbps",
            "30",
            "--txs",
            "100",
            "--heights",
            "3");
    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    JsonNode j = json();
    assertThat(j.get("finality_ms").asDouble()).isPositive();
    assertThat(j.get("messages").asLong()).isPositive();
    assertThat(j.get("bytes").asLong()).isGreaterThan(100L * 160);
    double bound = j.get("lower_bound_ms").asDouble();
    assertThat(bound)
        .isCloseTo(
            j.get("block_transfer_ms").asDouble() + 3 * 165.0,
            org.assertj.core.data.Offset.offset(0.2));
  }

  @Test
  void badArgumentsAreOneLineUsageErrors() {
    assertThat(run("sim", "consensus", "--validators", "4", "--byzantine", "2"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("--byzantine must be below one third")
        .doesNotContain("\tat ");
    assertThat(run("sim", "consensus", "--faults", "drop,meteor")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("unknown fault 'meteor'");
    assertThat(run("bench", "consensus", "--latency-ms", "300:30")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("bench", "consensus", "--latency-ms", "fast")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("bench", "consensus", "--txs", "100000000")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).doesNotContain("\tat ");
    assertThat(out.toString()).isEmpty();
  }
}

package network.pot.cli.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import network.pot.cli.CliRun;
import network.pot.cli.output.ExitCodes;
import org.junit.jupiter.api.Test;

class ConsensusCommandsTest {
  private final CliRun cli = new CliRun();

  private JsonNode json() throws Exception {
    return new ObjectMapper().readTree(cli.out());
  }

  @Test
  void simConsensusPrintsTheContractFields() throws Exception {
    int code =
        cli.run(
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
    assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
    JsonNode j = json();
    assertThat(j.get("runs").asInt()).isEqualTo(3);
    assertThat(j.get("safety_violations").asInt()).isZero();
    assertThat(j.get("liveness_failures").asInt()).isZero();
    assertThat(j.get("heights_committed").asLong()).isGreaterThanOrEqualTo(12);
    assertThat(j.get("median_finality_ms").asDouble()).isPositive();
    assertThat(cli.err()).contains("run 3/3 seed 3: ok");
  }

  @Test
  void benchConsensusPrintsFinalityNextToItsLowerBound() throws Exception {
    int code =
        cli.run(
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
    assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
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
    assertThat(cli.run("sim", "consensus", "--validators", "4", "--byzantine", "2"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("--byzantine must be below one third").doesNotContain("\tat ");
    assertThat(cli.run("sim", "consensus", "--faults", "drop,meteor")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("unknown fault 'meteor'");
    assertThat(cli.run("bench", "consensus", "--latency-ms", "300:30")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("bench", "consensus", "--latency-ms", "fast")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("bench", "consensus", "--txs", "100000000")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).doesNotContain("\tat ");
    assertThat(cli.out()).isEmpty();
  }
}

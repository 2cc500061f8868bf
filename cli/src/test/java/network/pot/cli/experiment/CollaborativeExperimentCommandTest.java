package network.pot.cli.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A short collaborative experiment on the small dataset writes its report and every plot. */
@Timeout(300)
class CollaborativeExperimentCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};
  @TempDir Path tmp;

  static Path smallData() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(p.resolve("data/fashion-mnist-small"))) {
      p = p.getParent();
    }
    return p.resolve("data/fashion-mnist-small");
  }

  @Test
  void theReportHoldsTheHeadlineFiguresAndThePlotsArePngFiles() throws IOException {
    Path out = tmp.resolve("report");
    CliRun r =
        CliRun.of(
            "experiment",
            "collaborative",
            "--quick",
            "--data",
            smallData().toString(),
            "--rounds",
            "2",
            "--local-steps",
            "10",
            "--threads",
            "2",
            "--out",
            out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("1 of 4 verified").contains("round  2/2");
    JsonNode report = JSON.readTree(Files.readString(out.resolve("report.json")));
    // with verification, the Byzantine miners change no bit of the model, and each is rejected
    assertThat(report.get("with_byzantine_model_hash").asText())
        .hasSize(64)
        .isEqualTo(report.get("honest_only_model_hash").asText());
    assertThat(report.get("byzantine_slashed").asInt()).isEqualTo(3);
    assertThat(report.get("verified_final_accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(report.get("unverified_final_accuracy").asDouble()).isBetween(0.0, 1.0);
    for (JsonNode robust : report.get("robustness")) {
      assertThat(robust.get("identical").asBoolean()).isTrue();
      assertThat(robust.get("paid_to_byzantine").asLong()).isZero();
      assertThat(robust.get("paid").asLong()).isEqualTo(robust.get("escrow").asLong());
    }
    assertThat(report.get("scaling")).hasSize(3);
    assertThat(report.get("verification_cost")).hasSize(2);
    assertThat(report.get("plots")).hasSize(5);
    for (JsonNode plot : report.get("plots")) {
      byte[] b = Files.readAllBytes(out.resolve(plot.asText()));
      assertThat(b).startsWith(PNG);
    }
    JsonNode answer = JSON.readTree(r.lastLine());
    assertThat(answer.get("byzantine_slashed").asInt()).isEqualTo(3);
  }
}

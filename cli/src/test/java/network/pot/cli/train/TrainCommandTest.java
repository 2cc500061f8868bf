package network.pot.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.cli.CliRun;
import network.pot.cli.output.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(300)
class TrainCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  static Path smallData() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(p.resolve("data/fashion-mnist-small"))) {
      p = p.getParent();
    }
    return p.resolve("data/fashion-mnist-small");
  }

  JsonNode train(String threads, String out, String... extra) throws IOException {
    String[] base = {
      "train",
      "--data",
      smallData().toString(),
      "--model",
      "mlp",
      "--steps",
      "6",
      "--batch",
      "32",
      "--lr",
      "0.01",
      "--momentum",
      "0.9",
      "--seed",
      "5",
      "--threads",
      threads,
      "--no-progress",
      "--out",
      tmp.resolve(out).toString()
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return JSON.readTree(r.lastLine());
  }

  @Test
  void sameModelHashForAnyThreadCountAndEvalAgrees() throws IOException {
    JsonNode one = train("1", "a", "--checkpoint-every", "3");
    JsonNode two = train("2", "b");
    assertThat(one.get("model_hash").asText())
        .isEqualTo(two.get("model_hash").asText())
        .hasSize(64);
    assertThat(one.get("steps").asLong()).isEqualTo(6);
    for (String f :
        new String[] {"steps", "train_loss", "test_accuracy", "samples_per_sec", "threads"}) {
      assertThat(one.has(f)).as(f).isTrue();
    }
    assertThat(tmp.resolve("a/checkpoints/step-00000003.ckpt")).exists();

    CliRun ev =
        CliRun.of(
            "eval",
            "--model",
            tmp.resolve("a/model.ckpt").toString(),
            "--data",
            smallData().toString());
    assertThat(ev.exitCode()).as(ev.err()).isZero();
    JsonNode e = JSON.readTree(ev.lastLine());
    assertThat(e.get("model_hash").asText()).isEqualTo(one.get("model_hash").asText());
    assertThat(e.get("test_accuracy").asDouble()).isEqualTo(one.get("test_accuracy").asDouble());
  }

  @Test
  void resumeFromIntermediateCheckpointMatchesStraightRun() throws IOException {
    JsonNode straight = train("2", "s", "--checkpoint-every", "2");
    JsonNode resumed =
        train("1", "r", "--resume", tmp.resolve("s/checkpoints/step-00000004.ckpt").toString());
    assertThat(resumed.get("state_hash").asText()).isEqualTo(straight.get("state_hash").asText());
  }

  @Test
  void badInputGetsOneLineErrorsAndExitTwo() throws IOException {
    CliRun noData = CliRun.of("train", "--data", tmp.resolve("nope").toString(), "--out", "x");
    assertThat(noData.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noData.err().strip()).contains("not a directory").doesNotContain("\n\tat ");

    CliRun badModel =
        CliRun.of(
            "train",
            "--data",
            smallData().toString(),
            "--model",
            "resnet",
            "--out",
            tmp.toString());
    assertThat(badModel.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badModel.err()).contains("neither a preset");

    CliRun threads =
        CliRun.of(
            "train", "--data", smallData().toString(), "--threads", "0", "--out", tmp.toString());
    assertThat(threads.exitCode()).isEqualTo(ExitCodes.USAGE);

    CliRun both =
        CliRun.of(
            "train",
            "--data",
            smallData().toString(),
            "--epochs",
            "1",
            "--steps",
            "3",
            "--out",
            tmp.toString());
    assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("mutually exclusive");

    Path corrupt = tmp.resolve("c.ckpt");
    Files.writeString(corrupt, "POTCKPT1 but not really a checkpoint at all......");
    CliRun ev = CliRun.of("eval", "--model", corrupt.toString(), "--data", smallData().toString());
    assertThat(ev.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(ev.err()).contains("corrupt checkpoint");

    CliRun optim =
        CliRun.of(
            "train",
            "--data",
            smallData().toString(),
            "--optimizer",
            "lbfgs",
            "--out",
            tmp.toString());
    assertThat(optim.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(optim.err()).contains("unknown optimizer");
  }

  @Test
  void subsetCutsTheFirstRecords() throws IOException {
    CliRun r =
        CliRun.of(
            "data",
            "subset",
            "--data",
            smallData().toString(),
            "--train",
            "50",
            "--test",
            "20",
            "--out",
            tmp.resolve("sub").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    var split = network.pot.tensor.data.DataSets.load(tmp.resolve("sub"));
    assertThat(split.train().size()).isEqualTo(50);
    assertThat(split.test().size()).isEqualTo(20);
    var full = network.pot.tensor.data.DataSets.load(smallData());
    for (int i = 0; i < 50; i++) {
      assertThat(split.train().label(i)).isEqualTo(full.train().label(i));
    }
  }

  @Test
  void trainsOnCsvWithANamedLabelColumn() throws IOException {
    Path dir = tmp.resolve("csv");
    Files.createDirectories(dir);
    StringBuilder train = new StringBuilder("x1,x2,klass\n");
    StringBuilder test = new StringBuilder("x1,x2,klass\n");
    network.pot.tensor.Rng rng = new network.pot.tensor.Rng(3);
    for (int i = 0; i < 200; i++) {
      float a = rng.nextFloat() * 2 - 1;
      float b = rng.nextFloat() * 2 - 1;
      (i < 160 ? train : test)
          .append(a)
          .append(',')
          .append(b)
          .append(',')
          .append(a + b > 0 ? 1 : 0)
          .append('\n');
    }
    Files.writeString(dir.resolve("train.csv"), train);
    Files.writeString(dir.resolve("test.csv"), test);
    Path spec = tmp.resolve("spec.json");
    Files.writeString(
        spec,
        "{\"input\":[2],\"layers\":[{\"type\":\"linear\",\"out\":8},{\"type\":\"tanh\"},"
            + "{\"type\":\"linear\",\"out\":2}],\"init\":\"xavier_uniform\"}");
    CliRun r =
        CliRun.of(
            "train",
            "--data",
            dir.toString(),
            "--label-column",
            "klass",
            "--model",
            spec.toString(),
            "--epochs",
            "30",
            "--batch",
            "16",
            "--lr",
            "0.1",
            "--momentum",
            "0.9",
            "--no-progress",
            "--out",
            tmp.resolve("o").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.lastLine()).get("test_accuracy").asDouble()).isGreaterThan(0.85);
    CliRun wrong =
        CliRun.of("train", "--data", dir.toString(), "--out", tmp.resolve("w").toString());
    assertThat(wrong.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(wrong.err()).contains("no column named 'label'");
  }

  @Test
  void benchEnginePrintsItsFigures() throws IOException {
    CliRun r =
        CliRun.of(
            "bench",
            "engine",
            "--threads",
            "2",
            "--mlp-steps",
            "2",
            "--cnn-steps",
            "1",
            "--matmul-sizes",
            "64",
            "--matmul-seconds",
            "0.05");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.lastLine());
    assertThat(j.get("mlp_samples_per_sec").asDouble()).isPositive();
    assertThat(j.get("cnn_samples_per_sec").asDouble()).isPositive();
    assertThat(j.get("matmul_gflops").get("64").asDouble()).isPositive();
    assertThat(j.get("threads").asInt()).isEqualTo(2);
  }
}

package network.pot.cli.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import network.pot.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pot export} and {@code pot predict} on a checkpoint that {@code pot train} wrote. */
class ExportCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path run;
  @TempDir Path tmp;
  static Path ckpt;

  static Path smallData() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(p.resolve("data/fashion-mnist-small"))) {
      p = p.getParent();
    }
    return p.resolve("data/fashion-mnist-small");
  }

  @BeforeAll
  static void train() {
    CliRun r =
        CliRun.of(
            "train",
            "--data",
            smallData().toString(),
            "--model",
            "cnn",
            "--steps",
            "3",
            "--batch",
            "16",
            "--seed",
            "3",
            "--threads",
            "2",
            "--no-progress",
            "--out",
            run.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    ckpt = run.resolve("model.ckpt");
  }

  CliRun export(String format, Path out, String... extra) {
    String[] base = {"export", "--model", ckpt.toString(), "--format", format, "--out"};
    String[] args =
        Stream.concat(Stream.of(base), Stream.of(out.toString())).toArray(String[]::new);
    return CliRun.of(Stream.concat(Stream.of(args), Stream.of(extra)).toArray(String[]::new));
  }

  @Test
  void bothFormatsExportTheSameBytesTwiceWithTheProvenanceInside() throws IOException {
    Path prov = tmp.resolve("prov.json");
    Files.writeString(prov, "{\"task\":\"t-1\",\"round\":4}");
    for (String f : new String[] {"onnx", "safetensors"}) {
      CliRun a = export(f, tmp.resolve("a." + f), "--provenance", prov.toString());
      CliRun b = export(f, tmp.resolve("b." + f), "--provenance", prov.toString());
      assertThat(a.exitCode()).as(a.err()).isZero();
      assertThat(b.exitCode()).as(b.err()).isZero();
      byte[] bytes = Files.readAllBytes(tmp.resolve("a." + f));
      assertThat(bytes).isEqualTo(Files.readAllBytes(tmp.resolve("b." + f)));
      JsonNode answer = JSON.readTree(a.lastLine());
      assertThat(answer.get("bytes").asLong()).isEqualTo(bytes.length);
      assertThat(answer.get("format").asText()).isEqualTo(f);
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      assertThat(text).contains("t-1").contains(answer.get("model_hash").asText());
    }
  }

  @Test
  void aProvenanceFileBesideTheCheckpointGoesIntoTheMetadataUnlessOneIsGiven() throws IOException {
    Path fetched = Files.createDirectories(tmp.resolve("fetched"));
    Path copy = Files.copy(ckpt, fetched.resolve("model.ckpt"));
    Files.writeString(fetched.resolve("provenance.json"), "{\"task\":\"t-beside\"}");
    Path given = tmp.resolve("given.json");
    Files.writeString(given, "{\"task\":\"t-given\"}");
    for (String f : new String[] {"onnx", "safetensors"}) {
      Path beside = tmp.resolve("beside." + f);
      CliRun a =
          CliRun.of(
              "export", "--model", copy.toString(), "--format", f, "--out", beside.toString());
      assertThat(a.exitCode()).as(a.err()).isZero();
      assertThat(JSON.readTree(a.lastLine()).get("provenance").asText())
          .isEqualTo(fetched.resolve("provenance.json").toString());
      assertThat(new String(Files.readAllBytes(beside), StandardCharsets.ISO_8859_1))
          .contains("t-beside");
      Path over = tmp.resolve("over." + f);
      CliRun b =
          CliRun.of(
              "export",
              "--model",
              copy.toString(),
              "--format",
              f,
              "--out",
              over.toString(),
              "--provenance",
              given.toString());
      assertThat(b.exitCode()).as(b.err()).isZero();
      assertThat(new String(Files.readAllBytes(over), StandardCharsets.ISO_8859_1))
          .contains("t-given")
          .doesNotContain("t-beside");
    }
  }

  @Test
  void badInputIsOneLineExitTwoAndNoFileAtOut() throws IOException {
    Path corrupt = tmp.resolve("corrupt.ckpt");
    byte[] good = Files.readAllBytes(ckpt);
    good[good.length / 2] ^= 1;
    Files.write(corrupt, good);
    Path badSpec = tmp.resolve("badspec.ckpt");
    Files.write(badSpec, "POTCKPT1 not a checkpoint".getBytes(StandardCharsets.US_ASCII));
    Path notJson = tmp.resolve("prov.json");
    Files.writeString(notJson, "[1, 2");
    Path reserved = tmp.resolve("reserved.json");
    Files.writeString(reserved, "{\"pot.model_hash\":\"forged\"}");
    Path out = tmp.resolve("out.onnx");
    CliRun[] runs = {
      CliRun.of(
          "export", "--model", corrupt.toString(), "--format", "onnx", "--out", out.toString()),
      CliRun.of(
          "export", "--model", badSpec.toString(), "--format", "onnx", "--out", out.toString()),
      CliRun.of(
          "export",
          "--model",
          tmp.resolve("none").toString(),
          "--format",
          "onnx",
          "--out",
          "" + out),
      CliRun.of(
          "export", "--model", ckpt.toString(), "--format", "pickle", "--out", out.toString()),
      export("onnx", out, "--provenance", notJson.toString()),
      export("safetensors", out, "--provenance", reserved.toString()),
    };
    for (CliRun r : runs) {
      assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
      assertThat(r.err().strip()).as(r.err()).doesNotContain("\n").isNotEmpty();
      assertThat(r.out()).isEmpty();
    }
    assertThat(runs[0].err()).contains("corrupt");
    assertThat(runs[3].err()).contains("unknown export format 'pickle'");
    assertThat(runs[5].err()).contains("reserved");
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "corrupt.ckpt", "badspec.ckpt", "prov.json", "reserved.json"); // no out, no temp
    }
  }

  @Test
  void predictPrintsClassAndProbabilityPerImageAndTheAccuracyEvalReports() throws IOException {
    CliRun p =
        CliRun.of(
            "predict",
            "--model",
            ckpt.toString(),
            "--data",
            smallData().toString(),
            "--json",
            "--threads",
            "2");
    assertThat(p.exitCode()).as(p.err()).isZero();
    JsonNode answer = JSON.readTree(p.lastLine());
    CliRun e =
        CliRun.of(
            "eval", "--model", ckpt.toString(), "--data", smallData().toString(), "--threads", "2");
    JsonNode eval = JSON.readTree(e.lastLine());
    assertThat(answer.get("correct").asInt()).isEqualTo(eval.get("test_correct").asInt());
    assertThat(answer.get("samples").asInt()).isEqualTo(eval.get("test_samples").asInt());
    assertThat(answer.get("predictions")).hasSize(answer.get("samples").asInt());
    for (JsonNode row : answer.get("predictions")) {
      assertThat(row.get("class").asInt()).isBetween(0, 9);
      assertThat(row.get("probability").asDouble()).isBetween(0.1, 1.0); // the max of 10 classes
    }

    CliRun text =
        CliRun.of(
            "predict",
            "--model",
            ckpt.toString(),
            "--data",
            smallData().toString(),
            "--limit",
            "3");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out().strip().split("\n")).hasSize(5); // header, 3 images, accuracy
    assertThat(text.lastLine()).startsWith("accuracy ").endsWith("of 3)");

    CliRun bad =
        CliRun.of(
            "predict",
            "--model",
            ckpt.toString(),
            "--data",
            smallData().toString(),
            "--limit",
            "0");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err().strip()).doesNotContain("\n");
  }

  @Test
  void predictOnTheExportedOnnxFileGivesTheCheckpointsClassesAndAccuracy() throws IOException {
    Path onnx = tmp.resolve("m.onnx");
    assertThat(export("onnx", onnx).exitCode()).isZero();
    String[] common = {"--data", smallData().toString(), "--json", "--threads", "2"};
    CliRun engine =
        CliRun.of(
            Stream.concat(Stream.of("predict", "--model", ckpt.toString()), Stream.of(common))
                .toArray(String[]::new));
    CliRun ort =
        CliRun.of(
            Stream.concat(Stream.of("predict", "--model", onnx.toString()), Stream.of(common))
                .toArray(String[]::new));
    assertThat(ort.exitCode()).as(ort.err()).isZero();
    JsonNode e = JSON.readTree(engine.lastLine());
    JsonNode o = JSON.readTree(ort.lastLine());
    assertThat(o.get("runtime").asText()).isEqualTo("onnxruntime");
    assertThat(o.get("model_hash")).isEqualTo(e.get("model_hash"));
    assertThat(o.get("correct")).isEqualTo(e.get("correct"));
    for (int i = 0; i < e.get("predictions").size(); i++) {
      JsonNode a = e.get("predictions").get(i);
      JsonNode b = o.get("predictions").get(i);
      assertThat(b.get("class")).as("image %d", i).isEqualTo(a.get("class"));
      assertThat(b.get("probability").asDouble())
          .isCloseTo(a.get("probability").asDouble(), within(1e-5));
    }

    Path garbage = tmp.resolve("garbage.onnx");
    Files.writeString(garbage, "not a model");
    CliRun bad =
        CliRun.of("predict", "--model", garbage.toString(), "--data", smallData().toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err().strip()).doesNotContain("\n").contains("garbage.onnx");
  }
}

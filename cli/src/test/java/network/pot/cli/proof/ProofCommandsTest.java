package network.pot.cli.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.cli.CliRun;
import network.pot.cli.output.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(300)
class ProofCommandsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String RANDOMNESS =
      "5f3c1d2e4b6a7988122334455667788899aabbccddeeff001122334455667788";
  @TempDir Path tmp;

  static Path smallData() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(p.resolve("data/fashion-mnist-small"))) {
      p = p.getParent();
    }
    return p.resolve("data/fashion-mnist-small");
  }

  /** A small model spec file, so that the commands run in a second or two. */
  Path smallModel() throws IOException {
    Path f = tmp.resolve("small.json");
    Files.writeString(
        f,
        "{\"input\":[28,28,1],\"layers\":[{\"type\":\"flatten\"},"
            + "{\"type\":\"linear\",\"out\":16},{\"type\":\"relu\"},"
            + "{\"type\":\"linear\",\"out\":10}]}");
    return f;
  }

  Path template(String steps, String every, String... extra) throws IOException {
    String[] base = {
      "task",
      "template",
      "--data",
      smallData().toString(),
      "--model",
      smallModel().toString(),
      "--steps",
      steps,
      "--checkpoint-every",
      every,
      "--samples",
      "1",
      "--batch",
      "16"
    };
    CliRun r = CliRun.of(concat(base, extra));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("task id ");
    Path task = tmp.resolve("task.json");
    Files.writeString(task, r.out());
    return task;
  }

  CliRun proveRun(Path task, String out, String miner, Path data, String... extra) {
    String[] base = {
      "prove",
      "--task",
      task.toString(),
      "--miner",
      miner,
      "--enroll-hash",
      "00ff00ff",
      "--out",
      tmp.resolve(out).toString(),
      "--data",
      data.toString(),
      "--no-progress"
    };
    return CliRun.of(concat(base, extra));
  }

  static String[] concat(String[] base, String... extra) {
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return args;
  }

  JsonNode prove(Path task, String out, String threads) throws IOException {
    CliRun r = proveRun(task, out, "a1b2c3", smallData(), "--threads", threads);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return JSON.readTree(r.lastLine());
  }

  CliRun verify(Path task, String proof, String... extra) {
    String[] base = {
      "verify",
      "--task",
      task.toString(),
      "--proof",
      tmp.resolve(proof).toString(),
      "--randomness",
      RANDOMNESS,
      "--data",
      smallData().toString()
    };
    return CliRun.of(concat(base, extra));
  }

  @Test
  void templateProveVerifyAndRejectAnInflatedClaim() throws IOException {
    Path task = template("12", "2");
    JsonNode p1 = prove(task, "p1", "1");
    JsonNode p2 = prove(task, "p2", "2");
    for (String f : new String[] {"merkle_root", "model_hash", "claimed_accuracy", "seconds"}) {
      assertThat(p1.has(f)).as(f).isTrue();
    }
    assertThat(p1.get("checkpoints").asInt()).isEqualTo(7);
    assertThat(p1.get("merkle_root").asText()).isEqualTo(p2.get("merkle_root").asText());

    CliRun ok = verify(task, "p1", "--threads", "2");
    assertThat(ok.exitCode()).as(ok.err()).isEqualTo(ExitCodes.OK);
    JsonNode v = JSON.readTree(ok.lastLine());
    assertThat(v.get("verdict").asText()).isEqualTo("valid");
    assertThat(v.get("reasons")).isEmpty();
    assertThat(v.get("segments")).hasSize(3);
    assertThat(v.get("steps_reexecuted").asLong()).isEqualTo(6);
    assertThat(v.get("fraction_of_training").asDouble()).isEqualTo(0.5);
    assertThat(v.has("seconds")).isTrue();

    CliRun all = verify(task, "p2", "--samples", "all", "--threads", "1");
    assertThat(all.exitCode()).as(all.err()).isEqualTo(ExitCodes.OK);
    assertThat(JSON.readTree(all.lastLine()).get("fraction_of_training").asDouble()).isEqualTo(1.0);

    Path commitment = tmp.resolve("p1/commitment.json");
    ObjectNode c = (ObjectNode) JSON.readTree(Files.readString(commitment));
    c.put("claimed_correct", c.get("claimed_correct").asInt() + 1);
    Files.writeString(commitment, c.toString());
    Path fraud = tmp.resolve("fraud.json");
    CliRun bad = verify(task, "p1", "--fraud-proof", fraud.toString());
    assertThat(bad.exitCode()).as(bad.err()).isEqualTo(ExitCodes.REJECTED);
    JsonNode b = JSON.readTree(bad.lastLine());
    assertThat(b.get("verdict").asText()).isEqualTo("invalid");
    assertThat(b.get("reasons").get(0).asText()).isEqualTo("METRIC_MISMATCH");
    assertThat(JSON.readTree(Files.readString(fraud)).get("segment").asText()).isEqualTo("final");

    // anyone holding the blobs confirms it with one evaluation
    CliRun confirmed = fraudCheck(task, fraud);
    assertThat(confirmed.exitCode()).as(confirmed.err()).isEqualTo(ExitCodes.OK);
    assertThat(JSON.readTree(confirmed.lastLine()).get("reason").asText())
        .isEqualTo("METRIC_MISMATCH");

    // the same proof against the honest claim is refused
    ObjectNode f = (ObjectNode) JSON.readTree(Files.readString(fraud));
    ObjectNode fc = (ObjectNode) f.get("commitment");
    fc.put("claimed_correct", fc.get("claimed_correct").asInt() - 1);
    Files.writeString(fraud, f.toString());
    CliRun refused = fraudCheck(task, fraud);
    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCodes.REJECTED);
    assertThat(JSON.readTree(refused.lastLine()).get("confirmed").asBoolean()).isFalse();

    Files.writeString(fraud, "{\"segment\": 1}");
    assertUsage(fraudCheck(task, fraud), "fraud proof");
  }

  CliRun fraudCheck(Path task, Path fraud) {
    return CliRun.of(
        "fraud-check",
        "--task",
        task.toString(),
        "--fraud-proof",
        fraud.toString(),
        "--blobs",
        tmp.resolve("p1").toString(),
        "--data",
        smallData().toString());
  }

  @Test
  void badInputGetsOneLineErrorsAndExitTwo() throws IOException {
    Path task = template("4", "2");
    prove(task, "p", "1");

    assertUsage(verify(task, "p", "--samples", "some"), "--samples");
    assertUsage(
        CliRun.of(
            "verify",
            "--task",
            task.toString(),
            "--proof",
            tmp.resolve("p").toString(),
            "--randomness",
            "abc"),
        "--randomness");
    assertUsage(verify(tmp.resolve("none.json"), "p"), "no such task file");
    Path broken = tmp.resolve("broken.json");
    Files.writeString(broken, "{\"steps\": 4}");
    assertUsage(verify(broken, "p"), "missing field");
    assertUsage(verify(task, "nowhere"), "not a directory");
    Files.createDirectories(tmp.resolve("empty"));
    assertUsage(verify(task, "empty"), "no commitment");
    Files.writeString(tmp.resolve("p/commitment.json"), "{\"task_id\": 1}");
    assertUsage(verify(task, "p"), "commitment");

    assertUsage(proveRun(task, "q", "zz", smallData()), "--miner");
    assertUsage(proveRun(task, "p", "01", smallData()), "already holds a proof");
    assertUsage(proveRun(task, "r", "01", tmp), "missing data file");
    assertThat(tmp.resolve("r")).doesNotExist();
    assertUsage(
        CliRun.of(
            "task",
            "template",
            "--data",
            smallData().toString(),
            "--model",
            "mlp",
            "--steps",
            "10",
            "--checkpoint-every",
            "3"),
        "multiple of checkpoint_every");
  }

  @Test
  void aProveThatDivergesLeavesNothingThatLooksLikeAProof() throws IOException {
    Path task = template("12", "2", "--lr", "1e30");
    Files.createDirectories(tmp.resolve("empty-out"));
    assertUsage(proveRun(task, "empty-out", "01", smallData()), "diverged");
    assertUsage(proveRun(task, "new-out", "01", smallData()), "diverged");
    assertThat(tmp.resolve("new-out")).doesNotExist();
    assertThat(tmp.resolve("empty-out")).isEmptyDirectory();
    try (var entries = Files.list(tmp)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.contains("partial"));
    }
  }

  private static void assertUsage(CliRun r, String message) {
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip()).contains(message).doesNotContain("\n\tat ");
  }

  @Test
  void benchProofReportsItsFigures() throws IOException {
    CliRun r =
        CliRun.of(
            "bench",
            "proof",
            "--data",
            smallData().toString(),
            "--model",
            smallModel().toString(),
            "--steps",
            "8",
            "--checkpoint-every",
            "2",
            "--samples",
            "1",
            "--batch",
            "16",
            "--threads",
            "1",
            "--repeat",
            "2",
            "--no-progress");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode o = JSON.readTree(r.lastLine());
    assertThat(o.get("repeat").asInt()).isEqualTo(2);
    assertThat(o.get("plain_train_runs")).hasSize(2);
    assertThat(o.get("prove_runs")).hasSize(2);
    assertThat(o.get("verdict").asText()).isEqualTo("valid");
    for (String f :
        new String[] {
          "prove_seconds",
          "verify_seconds",
          "verify_first_seconds",
          "verify_first_excluding_eval_to_prove_ratio",
          "verify_to_prove_ratio",
          "verify_minus_eval_to_prove_ratio",
          "verify_excluding_eval_to_prove_ratio",
          "verify_eval_seconds",
          "verify_fixed_seconds",
          "prover_overhead_cpu",
          "plain_train_seconds",
          "prover_overhead",
          "steps_reexecuted",
          "fraction_of_training",
          "proof_bytes",
          "proof_bytes_full_storage",
          "store_every",
          "checkpoints_stored",
          "verifier_download_bytes",
          "serve_unstored_seconds"
        }) {
      assertThat(o.has(f)).as(f).isTrue();
    }
    assertThat(o.get("steps_reexecuted").asLong()).isEqualTo(6);
    // a small model's five checkpoints fit in the default budget: all are stored
    assertThat(o.get("store_every").asInt()).isEqualTo(1);
    assertThat(o.get("checkpoints_stored").asInt()).isEqualTo(5);
    assertThat(o.get("verifier_download_bytes").asLong()).isPositive();

    CliRun bad = CliRun.of("bench", "proof", "--repeat", "0", "--no-progress");
    assertUsage(bad, "--repeat must be between 1 and 100");
  }

  @Test
  void benchHashReportsEveryDigestAndTheBlake3PathsAgree() throws IOException {
    CliRun r =
        CliRun.of("bench", "hash", "--bytes", "70000", "--rounds", "3", "--warmup-seconds", "0");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode o = JSON.readTree(r.lastLine());
    assertThat(o.get("bytes").asInt()).isEqualTo(70000);
    for (String digest :
        new String[] {"sha256_jdk", "blake3_bouncycastle", "blake3", "blake3_scalar"}) {
      assertThat(o.get("mb_per_cpu_sec_median").get(digest).asDouble()).as(digest).isPositive();
      assertThat(o.get("wall_ms_per_buffer_median").has(digest)).as(digest).isTrue();
      assertThat(o.get("ms_first_buffer").has(digest)).as(digest).isTrue();
    }
    String blake3 = o.get("digest").get("blake3").asText();
    assertThat(blake3).hasSize(64).isEqualTo(o.get("digest").get("blake3_scalar").asText());
    assertThat(o.get("digest").get("sha256_jdk").asText()).hasSize(64).isNotEqualTo(blake3);

    assertUsage(CliRun.of("bench", "hash", "--rounds", "0"), "--rounds must be at least 1");
  }
}

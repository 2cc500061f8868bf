package network.pot.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import network.pot.base.json.Json;
import network.pot.cli.CliRun;
import network.pot.cli.OneNode;
import network.pot.cli.StubRpc;
import network.pot.tensor.train.Checkpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pot task model} and {@code pot model verify} against a node that answers what a test sets:
 * a settled task whose winner's checkpoint is served in chunks, and the ways it fails (not settled,
 * no winner, no peer serving it, a checkpoint that is not the model on chain). Whatever fails
 * leaves nothing at {@code --out}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TaskModelCommandTest {
  private static final String TASK = "ab".repeat(32);

  @TempDir static Path shared;
  private static byte[] checkpoint;
  private static String modelHash;

  @TempDir Path dir;
  private final Map<String, Function<JsonNode, JsonNode>> answers = new HashMap<>();
  private HttpServer server;

  @BeforeAll
  static void trainOneStep() throws IOException {
    Path run = shared.resolve("run");
    CliRun r =
        CliRun.of(
            "train",
            "--data",
            OneNode.SMALL.toString(),
            "--model",
            "mlp",
            "--steps",
            "2",
            "--no-progress",
            "--out",
            run.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    checkpoint = Files.readAllBytes(run.resolve("model.ckpt"));
    modelHash = Checkpoint.hex(Checkpoint.modelHash(Checkpoint.decode(checkpoint, "ckpt").model()));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aSettledTasksWinnerIsWrittenWithItsProvenance() throws Exception {
    serve(task(true, true, modelHash), checkpoint);
    Path out = dir.resolve("model");
    CliRun r = pot("task", "model", TASK, "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(out.resolve("model.ckpt"))).isEqualTo(checkpoint);
    Provenance p = Provenance.fromJson(Json.read(Files.readString(out.resolve("provenance.json"))));
    assertThat(p).isEqualTo(Provenance.fromJson(model(modelHash)));
    assertThat(r.err()).contains("fetched " + checkpoint.length + " of " + checkpoint.length);
    assertThat(onlyEntry()).isEqualTo(out);

    CliRun v = pot("model", "verify", out.resolve("model.ckpt").toString());
    assertThat(v.exitCode()).as(v.err()).isZero();
    assertThat(Json.read(v.lastLine()).path("verified").asBoolean()).isTrue();
    assertThat(v.err()).contains("every provenance field matches");
  }

  @Test
  void aTaskNotSettledYetIsOneLineAndNothingIsWritten() throws Exception {
    serve(task(false, false, null), checkpoint);
    Path out = dir.resolve("model");
    CliRun r = pot("task", "model", TASK, "--out", out.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip())
        .contains("is not settled yet (it settles at height 90")
        .doesNotContain("\n");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aTaskSettledWithNoWinnerHasNoModel() throws Exception {
    serve(task(true, false, null), checkpoint);
    CliRun r = pot("task", "model", TASK, "--out", dir.resolve("model").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).contains("settled with no winner").doesNotContain("\n");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void whenNoPeerServesTheModelNothingIsWritten() throws Exception {
    serve(task(true, true, modelHash), null);
    CliRun r = pot("task", "model", TASK, "--out", dir.resolve("model").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).contains("no peer serves the checkpoint").doesNotContain("\n");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aCheckpointThatIsNotTheModelOnChainIsRefusedAndNothingIsWritten() throws Exception {
    serve(task(true, true, "00".repeat(32)), checkpoint);
    CliRun r = pot("task", "model", TASK, "--out", dir.resolve("model").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    String[] lines = r.err().strip().split("\n");
    assertThat(lines[lines.length - 1])
        .startsWith("pot task model: the model served for task " + TASK)
        .contains("hashes to " + modelHash + ", not the model hash on chain");
    assertThat(Arrays.copyOf(lines, lines.length - 1)).allMatch(l -> l.startsWith("fetched "));
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void verifyNamesTheFieldThatDiffersFromTheChain() throws Exception {
    serve(task(true, true, modelHash), checkpoint);
    Path out = dir.resolve("model");
    assertThat(pot("task", "model", TASK, "--out", out.toString()).exitCode()).isZero();
    ObjectNode edited = (ObjectNode) Json.read(Files.readString(out.resolve("provenance.json")));
    edited.put("verified_correct", 999);
    Files.writeString(out.resolve("provenance.json"), Json.write(edited));
    CliRun r = pot("model", "verify", out.resolve("model.ckpt").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).contains("verified_correct: 999 != 812").doesNotContain("\n");
  }

  @Test
  void verifyRefusesACheckpointThatIsNotTheWinnersModel() throws Exception {
    serve(task(true, true, modelHash), checkpoint);
    Path out = dir.resolve("model");
    assertThat(pot("task", "model", TASK, "--out", out.toString()).exitCode()).isZero();
    answers.put("pot_getTask", p -> task(true, true, "11".repeat(32)));
    CliRun r = pot("model", "verify", out.resolve("model.ckpt").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip())
        .contains("'s model hashes to " + modelHash + ", but the chain recorded " + "11".repeat(32))
        .doesNotContain("\n");
  }

  @Test
  void anOutDirectoryThatHoldsFilesIsRefusedBeforeAnythingIsFetched() throws Exception {
    serve(task(true, true, modelHash), checkpoint);
    Path out = Files.createDirectories(dir.resolve("model"));
    Files.writeString(out.resolve("keep"), "mine");
    CliRun r = pot("task", "model", TASK, "--out", out.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("is not an empty directory");
    assertThat(Files.readString(out.resolve("keep"))).isEqualTo("mine");
  }

  private CliRun pot(String... args) {
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--node";
    all[args.length + 1] = "127.0.0.1:" + server.getAddress().getPort();
    return CliRun.of(all);
  }

  private Path onlyEntry() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.reduce(
              (a, b) -> {
                throw new AssertionError("more than one entry: " + a + ", " + b);
              })
          .orElseThrow();
    }
  }

  private static ObjectNode model(String hash) {
    ObjectNode m =
        Json.object()
            .put("chain_id", "pot-test")
            .put("task", TASK)
            .put("dataset", "cd".repeat(32))
            .put("spec_hash", "ef".repeat(32))
            .put("transcript_root", "12".repeat(32))
            .put("miner", "pot1miner")
            .put("claimed_correct", 812)
            .put("verified_correct", 812)
            .put("settlement_height", 90)
            .put("model_hash", hash);
    m.putArray("holders").addObject().put("address", "pot1miner").put("role", "miner");
    return m;
  }

  private static ObjectNode task(boolean settled, boolean winner, String hash) {
    ObjectNode t =
        Json.object()
            .put("id", TASK)
            .put("settled", settled)
            .put("settlement_height", 90)
            .put("winner", winner ? "pot1miner" : null);
    if (winner) {
      t.set("model", model(hash));
    }
    return t;
  }

  /**
   * A node answering pot_getTask with {@code view} and serving {@code ckpt} (null: no peer has it).
   */
  private void serve(ObjectNode view, byte[] ckpt) throws IOException {
    answers.put("pot_getTask", p -> view);
    answers.put(
        "pot_getTaskModel",
        p -> {
          if (ckpt == null) {
            return null;
          }
          int offset = p.path("offset").asInt();
          int n = Math.min(100_000, ckpt.length - offset);
          return Json.object()
              .put("bytes", ckpt.length)
              .put("offset", offset)
              .put(
                  "data",
                  Base64.getEncoder().encodeToString(Arrays.copyOfRange(ckpt, offset, offset + n)));
        });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          JsonNode req =
              Json.read(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          JsonNode result = answers.get(req.path("method").asText()).apply(req.path("params"));
          StubRpc.reply(
              ex,
              req.get("id"),
              result,
              result == null
                  ? "no peer serves the checkpoint of task " + TASK + "'s winning model"
                  : null);
        });
    server.start();
  }
}

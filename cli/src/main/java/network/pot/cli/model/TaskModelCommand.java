package network.pot.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import network.pot.base.io.AtomicFiles;
import network.pot.base.io.FileTrees;
import network.pot.base.json.Json;
import network.pot.cli.client.NodeOption;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pot task model ID --out DIR}: the winning model of a settled task, with its provenance.
 */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    header = "Fetch the model of a settled task, checked against the chain.",
    description = {
      "Asks the node for the final checkpoint of the task's winner (the node fetches it from the"
          + " peers that hold it: the miner keeps every checkpoint it committed), checks that its"
          + " model hashes to the model hash the chain recorded for the winner, and writes DIR"
          + " with two files: model.ckpt (the checkpoint, as pot train writes it; pot predict,"
          + " pot eval and pot export read it) and provenance.json (chain id, task, dataset and"
          + " spec hash, transcript root, miner, claimed and verified correct count, settlement"
          + " height, model hash).",
      "For a collaborative task the model is the final global model the last round's close"
          + " recorded (a checkpoint of its weights with the inner optimizer's zero state), and"
          + " provenance.json names the task, its dataset and spec, and round by round the model"
          + " each close recorded and the miners whose updates it merged.",
      "DIR must not exist yet, or be empty. It is written under a temporary name and renamed"
          + " when complete: on any failure (the task is not settled or has no winner, no peer"
          + " serves the model, the model is not the one on chain) nothing is left at DIR, and"
          + " the command prints one line and exits 2. The answer is one JSON line."
    })
public final class TaskModelCommand extends JsonCommand {
  /** The checkpoint's name in DIR. */
  public static final String CHECKPOINT = "model.ckpt";

  /** The provenance file's name beside a checkpoint. */
  public static final String PROVENANCE = "provenance.json";

  @Parameters(paramLabel = "ID", description = "The task's id (hex).")
  String id;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Directory to write (must not exist, or be empty).")
  Path out;

  @Mixin NodeOption node;

  @Override
  protected void validate() {
    if (Files.exists(out) && !isEmptyDirectory(out)) {
      throw new UserException(out + " exists and is not an empty directory; choose another --out");
    }
  }

  @Override
  protected int run(ObjectNode answer, Output progress) throws IOException {
    JsonNode view;
    try {
      view = node.call("pot_getTask", RpcClient.params().put("id", id));
    } catch (RpcClient.RpcException e) {
      if (!e.getMessage().contains("no task")) {
        throw e;
      }
      return collaborative(answer, progress);
    }
    Provenance chain = recorded(view);
    byte[] ckpt = download(progress);
    String hash = ModelFiles.checkpointModelHash(ckpt, "the served checkpoint");
    if (!hash.equalsIgnoreCase(chain.modelHash())) {
      throw new UserException(
          "the model served for task "
              + chain.task()
              + " hashes to "
              + hash
              + ", not the model hash on chain "
              + chain.modelHash()
              + "; nothing written");
    }
    return written(answer, ckpt, chain.toJson());
  }

  private int written(ObjectNode answer, byte[] ckpt, ObjectNode provenance) throws IOException {
    write(ckpt, provenance);
    answer.put("out", out.toString());
    answer.put("checkpoint", out.resolve(CHECKPOINT).toString());
    answer.put("bytes", ckpt.length);
    answer.set("provenance", provenance);
    return ExitCodes.OK;
  }

  /**
   * A collaborative task's final global model: the checkpoint the node makes of it (its weights,
   * the inner optimizer's zero state), checked against the model hash the last round recorded, and
   * a provenance naming the task and, round by round, the model each close recorded and the miners
   * whose updates it merged.
   */
  private int collaborative(ObjectNode answer, Output progress) throws IOException {
    JsonNode view = node.call("pot_getCollabTask", RpcClient.params().put("id", id));
    if (!view.path("settled").asBoolean(false)) {
      throw new UserException(
          "task "
              + id
              + " is not settled yet (round "
              + view.path("round").asLong()
              + " of "
              + view.path("rounds").asLong()
              + " is under way)");
    }
    JsonNode rounds = view.path("round_states");
    String modelHash = rounds.path(rounds.size() - 1).path("next").path("model").asText();
    ObjectNode p =
        Json.object()
            .put("chain_id", node.call("pot_status").path("chain_id").asText())
            .put("task", view.path("id").asText())
            .put("kind", "collaborative")
            .put("dataset", view.path("dataset").asText())
            .put("spec_hash", view.path("spec_hash").asText())
            .put("rounds", view.path("rounds").asLong());
    ArrayNode history = p.putArray("round_models");
    for (JsonNode r : rounds) {
      history
          .addObject()
          .put("round", r.path("round").asLong())
          .put("model_hash", r.path("next").path("model").asText())
          .set("accepted", r.path("accepted"));
    }
    p.put("model_hash", modelHash);
    byte[] ckpt = download(progress);
    String hash = ModelFiles.checkpointModelHash(ckpt, "the served checkpoint");
    if (!hash.equalsIgnoreCase(modelHash)) {
      throw new UserException(
          "the model served for task "
              + id
              + " hashes to "
              + hash
              + ", not the model hash on chain "
              + modelHash
              + "; nothing written");
    }
    return written(answer, ckpt, p);
  }

  /** The provenance the chain records for the task's winner; why there is none, as an error. */
  static Provenance recorded(JsonNode view) {
    String task = view.path("id").asText();
    if (!view.path("settled").asBoolean(false)) {
      throw new UserException(
          "task "
              + task
              + " is not settled yet (it settles at height "
              + view.path("settlement_height").asLong()
              + "; pot wait --task "
              + task
              + ")");
    }
    if (view.path("winner").isNull() || view.path("winner").isMissingNode()) {
      throw new UserException("task " + task + " settled with no winner: there is no model");
    }
    JsonNode model = view.get("model");
    if (model == null || model.isNull()) {
      throw new UserException("task " + task + "'s winner committed no model");
    }
    return Provenance.fromJson(model);
  }

  private byte[] download(Output progress) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    long total = -1;
    int reported = 0;
    while (total < 0 || buf.size() < total) {
      JsonNode chunk =
          node.call("pot_getTaskModel", RpcClient.params().put("id", id).put("offset", buf.size()));
      total = chunk.path("bytes").asLong();
      byte[] data = Base64.getDecoder().decode(chunk.path("data").asText());
      if (data.length == 0 && buf.size() < total) {
        throw new IOException("the node returned no bytes at offset " + buf.size());
      }
      buf.write(data);
      int percent = (int) (100L * buf.size() / Math.max(1, total));
      if (total > data.length && percent / 25 > reported / 25) {
        reported = percent;
        progress.note("fetched " + buf.size() + " of " + total + " bytes (" + percent + "%)");
      }
    }
    return buf.toByteArray();
  }

  /** Writes DIR under a temporary sibling name, then renames it into place. */
  private void write(byte[] ckpt, ObjectNode provenance) throws IOException {
    Path target = out.toAbsolutePath().normalize();
    Files.createDirectories(target.getParent());
    Path tmp =
        Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".partial-");
    boolean done = false;
    try {
      Files.write(tmp.resolve(CHECKPOINT), ckpt);
      Files.write(
          tmp.resolve(PROVENANCE),
          (Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(provenance) + "\n")
              .getBytes(StandardCharsets.UTF_8));
      AtomicFiles.forceTree(tmp);
      if (Files.isDirectory(target)) {
        Files.delete(target); // empty, checked before
      }
      AtomicFiles.moveIntoPlace(tmp, target);
      done = true;
    } finally {
      if (!done) {
        FileTrees.deleteRecursively(tmp);
      }
    }
  }

  private static boolean isEmptyDirectory(Path p) {
    try (var s = Files.list(p)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}

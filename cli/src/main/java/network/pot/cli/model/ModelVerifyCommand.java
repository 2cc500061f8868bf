package network.pot.cli.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

/** {@code pot model verify FILE}: a checkpoint and its provenance, checked against the chain. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Check a model checkpoint and its provenance against the chain.",
    description = {
      "Recomputes the model hash of the checkpoint FILE from its parameters, reads its"
          + " provenance (provenance.json beside FILE, as pot task model writes it, or"
          + " --provenance), asks the node for the task it names and checks that the chain"
          + " recorded exactly this model for the task's winner and every provenance field"
          + " (chain id, dataset, spec hash, transcript root, miner, claimed and verified count,"
          + " settlement height, model hash).",
      "Prints what matched as one JSON line. A mismatch is one line naming it, and exit 2."
    })
public final class ModelVerifyCommand extends JsonCommand {
  @Parameters(paramLabel = "FILE", description = "The checkpoint (model.ckpt).")
  Path file;

  @Option(
      names = "--provenance",
      paramLabel = "FILE.json",
      description = "The provenance to check (default: provenance.json beside FILE).")
  Path provenance;

  @Mixin NodeOption node;

  @Override
  protected int run(ObjectNode answer, Output progress) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UserException(file + ": no such checkpoint file");
    }
    String hash = ModelFiles.checkpointModelHash(Files.readAllBytes(file), file.toString());
    Path provFile =
        provenance != null ? provenance : file.resolveSibling(TaskModelCommand.PROVENANCE);
    Provenance claimed = read(provFile);
    JsonNode view = node.call("pot_getTask", RpcClient.params().put("id", claimed.task()));
    Provenance chain = TaskModelCommand.recorded(view);
    if (!hash.equalsIgnoreCase(chain.modelHash())) {
      throw new UserException(
          file
              + "'s model hashes to "
              + hash
              + ", but the chain recorded "
              + chain.modelHash()
              + " for task "
              + chain.task()
              + "'s winner");
    }
    List<String> differ = claimed.differences(chain);
    if (!differ.isEmpty()) {
      throw new UserException(provFile + " does not match the chain: " + String.join("; ", differ));
    }
    answer.put("file", file.toString());
    answer.put("model_hash", hash);
    answer.put("provenance", provFile.toString());
    ArrayNode matched = answer.putArray("matched");
    chain.fields().keySet().forEach(matched::add);
    answer.put("verified", true);
    progress.note(
        "model "
            + hash
            + " is the winner of task "
            + chain.task()
            + " on chain "
            + chain.chainId()
            + " ("
            + (chain.verifiedCorrect() == null
                ? "unverified"
                : chain.verifiedCorrect() + " verified")
            + " correct test samples); every provenance field matches");
    return ExitCodes.OK;
  }

  private static Provenance read(Path f) throws IOException {
    if (!Files.isRegularFile(f)) {
      throw new UserException(f + ": no provenance file; pass --provenance FILE.json");
    }
    try {
      return Provenance.fromJson(Json.read(Files.readString(f, StandardCharsets.UTF_8)));
    } catch (JsonProcessingException e) {
      throw new UserException(f + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new UserException(f + ": " + e.getMessage(), e);
    }
  }
}

package network.pot.cli.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Hash;
import network.pot.chain.state.Params;
import network.pot.chain.tx.Payload;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.cli.tx.SigningCommand;
import network.pot.proof.TaskSpec;
import network.pot.rpc.RpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pot task publish}: builds the task spec as {@code pot task template} does, naming the
 * registered dataset by its id (the spec's data hash is the id, so miners and verifiers holding the
 * dataset train on exactly it), stores the spec on the node ({@code pot_putTaskSpec}) and signs and
 * sends {@code PUBLISH_TASK}, its reward taken into escrow; prints the task id once it is in a
 * block.
 */
@Command(
    name = "publish",
    header =
        "Publish a training task on a registered dataset: store its spec on the node, sign and"
            + " send PUBLISH_TASK (the reward goes into escrow) and wait until final.",
    mixinStandardHelpOptions = true)
public final class TaskPublishCommand extends SigningCommand {
  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "HASH",
      description = "Id of the registered dataset to train on (as `pot dataset list` shows).")
  String dataset;

  @Mixin TaskOptions task;

  @Option(
      names = "--reward",
      required = true,
      paramLabel = "N",
      description = "Reward for the accepted miner, held in escrow from now.")
  long reward;

  @Option(
      names = "--deadline",
      required = true,
      paramLabel = "BLOCKS",
      description = "Blocks from now until the training deadline.")
  long deadlineBlocks;

  @Option(
      names = "--min-bond",
      defaultValue = "0",
      paramLabel = "N",
      description = "Bond a miner must post to enroll (default: ${DEFAULT-VALUE}).")
  long minBond;

  private TaskSpec spec;
  private long height;
  private String taskId;

  @Override
  protected Payload payload() {
    if (reward <= 0) {
      throw new UserException("--reward must be positive");
    }
    if (deadlineBlocks < 1) {
      throw new UserException("--deadline must be at least 1 block");
    }
    if (minBond < 0) {
      throw new UserException("--min-bond must not be negative");
    }
    TaskSpec s = spec();
    return Payload.PublishTask.builder()
        .datasetId(Hash.of(s.dataHash()))
        .specHash(Hash.of(s.taskId()))
        .totalSteps(s.steps())
        .checkpointInterval(s.checkpointEvery())
        .flopsPerStep(flops(s))
        .reward(reward)
        .deadline(Math.addExact(height, deadlineBlocks))
        .minMinerBond(minBond)
        .sampleSize(s.samples())
        .build();
  }

  private TaskSpec spec() {
    if (spec == null) {
      byte[] id;
      try {
        id = Hex.decode(dataset, 32, "--dataset");
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage(), e);
      }
      spec = task.task(id);
    }
    return spec;
  }

  /** The task's work per step, as miners and verifiers compute it from the spec. */
  private static long flops(TaskSpec s) {
    try {
      return s.flopsPerStep();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new UserException("--model: " + e.getMessage(), e);
    }
  }

  @Override
  protected long spends() {
    return reward;
  }

  /** The dataset must be registered; the spec goes to the node; the deadline counts from now. */
  @Override
  protected void prepare(RpcClient node, Output out) throws IOException, Stop {
    TaskSpec s = spec();
    String id = Hex.encode(s.dataHash());
    try {
      node.call("pot_getDataset", RpcClient.params().put("hash", id));
    } catch (RpcClient.RpcException e) {
      throw new Stop("no dataset " + id + " is registered on chain", ExitCodes.REJECTED);
    }
    // the chain's bounds on task terms, checked before anything is uploaded or signed
    String bound = bounds(node.call("pot_getParams"), s);
    if (bound != null) {
      throw new Stop("the chain refuses this task: " + bound, ExitCodes.REJECTED);
    }
    node.call("pot_putTaskSpec", RpcClient.params().put("spec", s.canonicalJson()));
    height = node.call("pot_status").path("height").asLong();
  }

  /**
   * Which of the chain's task bounds ({@code pot_getParams}) the spec and deadline break, or null.
   * Parameters this client does not know are left at their defaults.
   */
  private String bounds(JsonNode chainParams, TaskSpec s) {
    Params params = Params.DEFAULT;
    try {
      for (String name : Params.NAMES) {
        if (chainParams.has(name)) {
          params = params.with(name, chainParams.get(name).asLong());
        }
      }
    } catch (IllegalArgumentException e) {
      return null; // values this client cannot combine: leave the judgment to the chain
    }
    return params.taskOutOfBounds(s.steps(), s.checkpointEvery(), deadlineBlocks, flops(s));
  }

  /** The task's id: the task this key published in that block with this spec. */
  @Override
  protected void annotate(RpcClient node, Long acceptedHeight, ObjectNode answer)
      throws IOException {
    String specHash = Hex.encode(spec().taskId());
    String id = null;
    if (acceptedHeight != null) {
      String publisher = answer.path("sender").asText();
      for (JsonNode t : node.call("pot_getTasks")) {
        if (t.path("published_height").asLong() == acceptedHeight
            && t.path("spec_hash").asText().equals(specHash)
            && t.path("publisher").asText().equals(publisher)) {
          id = t.path("id").asText();
        }
      }
    }
    answer.put("task", id);
    answer.put("spec_hash", specHash);
    taskId = id;
  }

  @Override
  protected String describe() {
    TaskSpec s = spec();
    return "publish task"
        + (taskId == null ? "" : " " + taskId)
        + ": "
        + s.steps()
        + " steps on dataset "
        + dataset
        + ", reward "
        + reward
        + ", deadline "
        + (height + deadlineBlocks);
  }
}

package network.pot.cli.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.CollabTask;
import network.pot.chain.state.Params;
import network.pot.chain.tx.Payload;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.cli.tx.SigningCommand;
import network.pot.node.work.AggregatingCollabChecker;
import network.pot.proof.TaskSpec;
import network.pot.proof.collab.CollabSpec;
import network.pot.proof.collab.GlobalModel;
import network.pot.proof.collab.OuterOptimizer;
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
 *
 * <p>With {@code --kind collaborative} the spec is a collaborative one ({@link CollabSpec}: the
 * task options describe one contribution of {@code --local-steps} steps; {@code --rounds}, {@code
 * --miners}, {@code --quorum} and the outer optimizer around it), its {@code G_0} is computed here
 * and the transaction is {@code PUBLISH_COLLAB_TASK}; {@code --deadline} is then the end of
 * enrollment, after which round 0 opens.
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

  /** What kind of task to publish. */
  enum Kind {
    competitive,
    collaborative
  }

  @Option(
      names = "--kind",
      defaultValue = "competitive",
      paramLabel = "KIND",
      description =
          "competitive (miners race, the best verified model wins) or collaborative (miners"
              + " train one model in rounds; see --rounds) (default: ${DEFAULT-VALUE}).")
  Kind kind;

  @Option(
      names = "--rounds",
      paramLabel = "R",
      description = "Collaborative: rounds R, each merging the miners' updates into one model.")
  Integer rounds;

  @Option(
      names = "--local-steps",
      paramLabel = "H",
      description =
          "Collaborative: steps H each miner trains per round (replaces --steps; a multiple of"
              + " --checkpoint-every).")
  Long localSteps;

  @Option(
      names = "--miners",
      paramLabel = "M",
      description = "Collaborative: miner slots M, one shard of the training split each.")
  Integer miners;

  @Option(
      names = "--quorum",
      defaultValue = "1",
      paramLabel = "Q",
      description =
          "Collaborative: accepted contributions a round needs to move the model and pay its"
              + " share (default: ${DEFAULT-VALUE}).")
  int quorum;

  @Option(
      names = "--outer-lr",
      defaultValue = "1.0",
      paramLabel = "LR",
      description =
          "Collaborative: outer (Nesterov) learning rate in (0, 10]; 1 with momentum 0 is plain"
              + " averaging (default: ${DEFAULT-VALUE}).")
  float outerLr;

  @Option(
      names = "--outer-momentum",
      defaultValue = "0.0",
      paramLabel = "MU",
      description = "Collaborative: outer momentum in [0, 1) (default: ${DEFAULT-VALUE}).")
  float outerMomentum;

  @Option(
      names = "--round-blocks",
      defaultValue = "20",
      paramLabel = "BLOCKS",
      description =
          "Collaborative: blocks a round takes contributions; votes go on for the chain's"
              + " verification window after it (default: ${DEFAULT-VALUE}).")
  long roundBlocks;

  private TaskSpec spec;
  private CollabSpec collab;
  private long height;
  private String taskId;

  @Override
  protected Payload payload() {
    checkKind();
    checkCommon();
    if (kind == Kind.collaborative) {
      CollabSpec c = collab();
      TaskSpec s = c.inner();
      return Payload.PublishCollabTask.builder()
          .datasetId(Hash.of(s.dataHash()))
          .specHash(Hash.of(c.taskId()))
          .genesis(AggregatingCollabChecker.hashes(GlobalModel.genesis(c)))
          .rounds(c.rounds())
          .localSteps(s.steps())
          .checkpointInterval(s.checkpointEvery())
          .miners(c.miners())
          .quorum(c.quorum())
          .outerLr(c.outer().lr())
          .outerMomentum(c.outer().momentum())
          .flopsPerStep(flops(s))
          .reward(reward)
          .enrollDeadline(Math.addExact(height, deadlineBlocks))
          .roundBlocks(roundBlocks)
          .minMinerBond(minBond)
          .sampleSize(s.samples())
          .build();
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

  private void checkCommon() {
    if (reward <= 0) {
      throw new UserException("--reward must be positive");
    }
    if (deadlineBlocks < 1) {
      throw new UserException("--deadline must be at least 1 block");
    }
    if (minBond < 0) {
      throw new UserException("--min-bond must not be negative");
    }
  }

  /**
   * The collaborative spec the options describe: the task options with {@code --local-steps} as its
   * steps, wrapped in rounds, slots, quorum and outer optimizer.
   */
  private CollabSpec collab() {
    if (collab == null) {
      if (rounds == null || localSteps == null || miners == null) {
        throw new UserException("--kind collaborative needs --rounds, --local-steps and --miners");
      }
      if (roundBlocks < 1) {
        throw new UserException("--round-blocks must be at least 1");
      }
      task.steps = localSteps;
      TaskSpec inner = spec();
      try {
        collab =
            CollabSpec.builder()
                .inner(inner)
                .rounds(rounds)
                .miners(miners)
                .quorum(quorum)
                .outer(new OuterOptimizer(outerLr, outerMomentum))
                .build();
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage(), e);
      }
    }
    return collab;
  }

  /** Options of the other kind are a mistake, not something to ignore. */
  private void checkKind() {
    if (kind == Kind.competitive && (rounds != null || localSteps != null || miners != null)) {
      throw new UserException(
          "--rounds, --local-steps and --miners are for --kind collaborative only");
    }
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
    checkKind();
    checkCommon();
    if (kind == Kind.collaborative) {
      collab();
    }
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
    String json = kind == Kind.collaborative ? collab().canonicalJson() : s.canonicalJson();
    node.call("pot_putTaskSpec", RpcClient.params().put("spec", json));
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
    if (kind == Kind.collaborative) {
      if (miners > params.maxMinersPerTask()) {
        return "--miners " + miners + " exceeds maxMinersPerTask " + params.maxMinersPerTask();
      }
      try {
        long perRound = Math.addExact(roundBlocks, params.verificationWindow());
        long duration = Math.addExact(deadlineBlocks, Math.multiplyExact(perRound, rounds));
        return params.taskOutOfBounds(s.steps(), s.checkpointEvery(), duration, flops(s));
      } catch (ArithmeticException e) {
        return "the task's rounds take more blocks than a number can hold";
      }
    }
    return params.taskOutOfBounds(s.steps(), s.checkpointEvery(), deadlineBlocks, flops(s));
  }

  /** The task's id: the task this key published in that block with this spec. */
  @Override
  protected void annotate(RpcClient node, Long acceptedHeight, ObjectNode answer)
      throws IOException {
    if (kind == Kind.collaborative) {
      String id = null;
      if (acceptedHeight != null) {
        Address publisher = Address.parse(answer.path("sender").asText());
        id = CollabTask.id(publisher, answer.path("nonce").asLong()).toHex();
      }
      answer.put("task", id);
      answer.put("spec_hash", Hex.encode(collab().taskId()));
      taskId = id;
      return;
    }
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
    if (kind == Kind.collaborative) {
      return "publish collaborative task"
          + (taskId == null ? "" : " " + taskId)
          + ": "
          + rounds
          + " rounds of "
          + s.steps()
          + " steps by up to "
          + miners
          + " miners on dataset "
          + dataset
          + ", reward "
          + reward
          + ", enrollment until "
          + (height + deadlineBlocks);
    }
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

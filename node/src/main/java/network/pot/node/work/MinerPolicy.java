package network.pot.node.work;

import network.pot.chain.tx.Payload;
import network.pot.proof.CheckpointStorage;
import network.pot.proof.TaskSpec;

/**
 * Which training tasks this node's miner takes: a local policy (the {@code [miner]} table of the
 * node's config), asked before the miner bonds anything. Any publisher can post any task, and a
 * miner that took them all could be griefed: a far deadline locks its bond for as long as the
 * publisher likes, a billion steps keep it busy for good, a huge model exhausts its memory, its
 * checkpoints its disk (or, stored sparsely, its time to answer a challenge), a huge bond ties up
 * its funds, and many tasks at once leave it unable to finish any before its deadline. The miner
 * declines such tasks; declining costs it nothing.
 *
 * @param maxSteps most training steps of a task
 * @param maxDeadlineBlocks most blocks from now to a task's deadline (the bond stays locked until
 *     the deadline and the verification window after it)
 * @param maxModelParams most trainable parameters of a task's model
 * @param maxProofBytes the disk budget of one proof's checkpoints (each holds the parameters and
 *     the optimizer's state): the miner stores every m-th of them, m the smallest that fits ({@link
 *     CheckpointStorage#forBudget}), and re-trains the others when a challenge asks for one
 * @param maxConcurrentTasks most tasks enrolled in and not yet committed at once
 * @param maxBond largest bond the miner puts up for one task
 */
public record MinerPolicy(
    long maxSteps,
    long maxDeadlineBlocks,
    long maxModelParams,
    long maxProofBytes,
    int maxConcurrentTasks,
    long maxBond) {

  /**
   * The defaults: 100,000 steps, a deadline at most 20,000 blocks away, 10 million parameters, 4
   * GiB of checkpoints, one task at a time, a bond of at most 1,000,000.
   */
  public static final MinerPolicy DEFAULT =
      new MinerPolicy(100_000, 20_000, 10_000_000, 4L << 30, 1, 1_000_000);

  public MinerPolicy {
    if (maxSteps < 1
        || maxDeadlineBlocks < 1
        || maxModelParams < 1
        || maxProofBytes < 1
        || maxConcurrentTasks < 1
        || maxBond < 1) {
      throw new IllegalArgumentException("every limit of a miner policy must be positive");
    }
  }

  /** Whether a task is taken, and if not, why not. */
  public record Decision(boolean accepted, String reason) {
    static final Decision ACCEPT = new Decision(true, "");

    static Decision refuse(String reason) {
      return new Decision(false, reason);
    }
  }

  /** The bond the miner puts up for a task on these terms: the task's minimum, at least 1. */
  public static long bond(Payload.PublishTask terms) {
    return Math.max(1, terms.minMinerBond());
  }

  /**
   * Whether to take a task on these on-chain terms at {@code height} while {@code active} tasks of
   * this miner are enrolled in and not yet committed: the checks that need no spec, made first.
   */
  public Decision accepts(Payload.PublishTask terms, long height, int active) {
    if (terms.totalSteps() > maxSteps) {
      return Decision.refuse(terms.totalSteps() + " steps, more than max_steps " + maxSteps);
    }
    long blocks = terms.deadline() - height;
    if (blocks > maxDeadlineBlocks) {
      return Decision.refuse(
          "a deadline "
              + blocks
              + " blocks away, more than max_deadline_blocks "
              + maxDeadlineBlocks);
    }
    if (bond(terms) > maxBond) {
      return Decision.refuse("a bond of " + bond(terms) + ", more than max_bond " + maxBond);
    }
    if (active >= maxConcurrentTasks) {
      return Decision.refuse(
          active + " tasks in hand already, max_concurrent_tasks " + maxConcurrentTasks);
    }
    return Decision.ACCEPT;
  }

  /** Whether this node can train the task its spec describes: its model and its proof's size. */
  public Decision accepts(TaskSpec spec) {
    if (spec.steps() > maxSteps) {
      return Decision.refuse(spec.steps() + " steps, more than max_steps " + maxSteps);
    }
    long params = spec.model().parameterCount();
    if (params > maxModelParams) {
      return Decision.refuse(
          "a model of " + params + " parameters, more than max_model_params " + maxModelParams);
    }
    long checkpoint = checkpointBytes(spec);
    if (!storage(spec).fits(maxProofBytes, checkpoint, spec.segments())) {
      return Decision.refuse(
          "checkpoints of about "
              + checkpoint
              + " bytes, the first and the last more than max_proof_bytes "
              + maxProofBytes);
    }
    return Decision.ACCEPT;
  }

  /** Which checkpoints of a proof of {@code spec} the miner stores within {@code maxProofBytes}. */
  public CheckpointStorage storage(TaskSpec spec) {
    return CheckpointStorage.forBudget(maxProofBytes, checkpointBytes(spec), spec.segments());
  }

  /**
   * Whether this miner serves every challenge of {@code spec} in time: a challenged segment whose
   * start it did not store costs it up to {@code (m - 1) * k} steps of re-training ({@link
   * CheckpointStorage#maxReplaySteps}), which at its own measured {@code secondsPerStep} must take
   * at most {@code serveSeconds}, the time a verifier waits for an answer. A miner that has
   * measured nothing yet ({@code secondsPerStep} not positive) has nothing to go by and takes the
   * task.
   */
  public Decision servesInTime(TaskSpec spec, double secondsPerStep, double serveSeconds) {
    long steps = storage(spec).maxReplaySteps(spec.checkpointEvery());
    double seconds = steps * secondsPerStep;
    if (secondsPerStep > 0 && seconds > serveSeconds) {
      return Decision.refuse(
          String.format(
              java.util.Locale.ROOT,
              "serving a challenge may take re-training %d steps, about %.1f s at %.4f s a step,"
                  + " more than the %.1f s a verifier waits",
              steps,
              seconds,
              secondsPerStep,
              serveSeconds));
    }
    return Decision.ACCEPT;
  }

  /**
   * About the bytes of one checkpoint of {@code spec}: the model's parameters and the optimizer's
   * state buffers as floats (the specs and counters it carries besides are small). Saturates at
   * {@link Long#MAX_VALUE}.
   */
  static long checkpointBytes(TaskSpec spec) {
    try {
      return Math.multiplyExact(
          Math.multiplyExact(spec.model().parameterCount(), 1L + spec.optimizer().stateBuffers()),
          4L);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}

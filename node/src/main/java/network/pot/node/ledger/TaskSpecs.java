package network.pot.node.ledger;

import network.pot.base.crypto.Hash;
import network.pot.chain.state.Task;
import network.pot.chain.tx.Payload;
import network.pot.proof.TaskSpec;
import network.pot.proof.collab.CollabSpec;

/** How a task's spec (the artifact its spec hash names) relates to the terms on chain. */
public final class TaskSpecs {
  private TaskSpecs() {}

  /**
   * Whether the spec says what the chain's terms say: the same dataset, steps, checkpoint interval,
   * sample size and work per step. The terms are what the chain bounds and pays for; a spec that
   * differs is not the task, so no miner trains it, no verifier accepts it and no fraud proof is
   * judged by it.
   */
  public static boolean matchTerms(TaskSpec s, Task t) {
    Payload.PublishTask p = t.terms();
    return Hash.of(s.dataHash()).equals(p.datasetId())
        && s.steps() == p.totalSteps()
        && s.checkpointEvery() == p.checkpointInterval()
        && s.samples() == p.sampleSize()
        && flopsPerStep(s) == p.flopsPerStep();
  }

  /**
   * Whether a collaborative spec says what the chain's terms say: its id is the spec hash, its
   * inner task (one contribution) has the dataset, H local steps, checkpoint interval, sample size
   * and work per step of the terms, and its rounds, miner slots, quorum and outer optimizer (bit
   * for bit) are theirs.
   */
  public static boolean matchTerms(CollabSpec s, Payload.PublishCollabTask p) {
    TaskSpec in = s.inner();
    return Hash.of(s.taskId()).equals(p.specHash())
        && Hash.of(in.dataHash()).equals(p.datasetId())
        && in.steps() == p.localSteps()
        && in.checkpointEvery() == p.checkpointInterval()
        && in.samples() == p.sampleSize()
        && flopsPerStep(in) == p.flopsPerStep()
        && s.rounds() == p.rounds()
        && s.miners() == p.miners()
        && s.quorum() == p.quorum()
        && Float.floatToIntBits(s.outer().lr()) == p.outerLrBits()
        && Float.floatToIntBits(s.outer().momentum()) == p.outerMomentumBits();
  }

  private static long flopsPerStep(TaskSpec s) {
    try {
      return s.flopsPerStep();
    } catch (ArithmeticException | IllegalArgumentException e) {
      return -1; // no term states that much work
    }
  }
}

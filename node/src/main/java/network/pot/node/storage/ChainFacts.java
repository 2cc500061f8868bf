package network.pot.node.storage;

import java.util.List;
import java.util.Set;
import network.pot.base.crypto.Hash;

/**
 * What the retention decision needs to know of the chain, read from the state by the caller: the
 * height and, for every task, the artifacts it names and how far along it is.
 *
 * @param height the chain's height
 * @param tasks every task on chain
 */
public record ChainFacts(long height, List<TaskFacts> tasks) {
  public ChainFacts {
    tasks = List.copyOf(tasks);
  }

  /**
   * A settled task's winning model as the network serves it ({@code pot task model}): the model
   * hash the chain recorded, the winner's transcript (its committed root) and the final checkpoint
   * the transcript's last leaf names. A peer asking for the model fetches the transcript first and
   * then that checkpoint, so the three are kept, or let go, together.
   *
   * @param model the winner's model hash
   * @param transcript the winner's transcript root
   * @param finalCheckpoint the state hash of the winner's final checkpoint, or null when this node
   *     does not hold the transcript that names it
   */
  public record Winner(Hash model, Hash transcript, Hash finalCheckpoint) {}

  /**
   * One task.
   *
   * @param windowClosesAt height at which its fraud-proof window closes (deadline + verification
   *     window)
   * @param settled whether it paid out
   * @param own whether this node published it or mines in it
   * @param transcripts the transcript roots its miners committed
   * @param checkpoints the checkpoint state hashes of the transcripts this node holds
   * @param models the model hashes its miners committed
   * @param winner the winning model and the artifacts that serve it, or null
   */
  public record TaskFacts(
      Hash id,
      Hash dataset,
      Hash spec,
      long windowClosesAt,
      boolean settled,
      boolean own,
      Set<Hash> transcripts,
      Set<Hash> checkpoints,
      Set<Hash> models,
      Winner winner) {
    public TaskFacts {
      transcripts = Set.copyOf(transcripts);
      checkpoints = Set.copyOf(checkpoints);
      models = Set.copyOf(models);
    }

    /** The winner's model hash, or null. */
    public Hash winningModel() {
      return winner == null ? null : winner.model();
    }

    /** The same task, {@code own} or not. */
    public TaskFacts withOwn(boolean own) {
      return new TaskFacts(
          id,
          dataset,
          spec,
          windowClosesAt,
          settled,
          own,
          transcripts,
          checkpoints,
          models,
          winner);
    }
  }
}

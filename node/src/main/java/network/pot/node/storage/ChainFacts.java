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
   * One task.
   *
   * @param windowClosesAt height at which its fraud-proof window closes (deadline + verification
   *     window)
   * @param settled whether it paid out
   * @param own whether this node published it or mines in it
   * @param transcripts the transcript roots its miners committed
   * @param checkpoints the checkpoint state hashes of the transcripts this node holds
   * @param models the model hashes its miners committed
   * @param winningModel the winner's model hash, or null
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
      Hash winningModel) {
    public TaskFacts {
      transcripts = Set.copyOf(transcripts);
      checkpoints = Set.copyOf(checkpoints);
      models = Set.copyOf(models);
    }
  }
}

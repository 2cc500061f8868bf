package network.pot.proof;

import network.pot.tensor.data.Dataset;
import network.pot.tensor.train.Seeds;
import network.pot.tensor.train.Trainer;

/**
 * Where a transcript's step 0 comes from. A competitive task starts from the weights the binding's
 * init key draws ({@link #FRESH}); a round of a collaborative task starts from the round's global
 * model. Either way the verifier recomputes leaf 0 from this and the binding's keys, so segment 0
 * ties the transcript to its start.
 */
@FunctionalInterface
public interface StartState {
  /** The binding's own initial weights and a zero optimizer state: {@link TaskSpec#newTrainer}. */
  StartState FRESH = TaskSpec::newTrainer;

  /** A trainer at step 0 of {@code task} with the keys {@code seeds}, training on {@code train}. */
  Trainer trainer(TaskSpec task, Seeds seeds, Dataset train);
}

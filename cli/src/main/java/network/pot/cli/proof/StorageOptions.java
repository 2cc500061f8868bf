package network.pot.cli.proof;

import network.pot.cli.output.UserException;
import network.pot.proof.CheckpointStorage;
import picocli.CommandLine.Option;

/** How much disk a proof's checkpoints may take: the prover keeps every m-th one to fit. */
public final class StorageOptions {
  @Option(
      names = "--checkpoint-budget-mib",
      paramLabel = "MIB",
      description =
          "Disk budget for one proof's checkpoints, in MiB: every state hash is committed, but"
              + " only every m-th checkpoint (and the first and the last) is stored, m the"
              + " smallest that fits; a challenge of a segment whose start is not stored is"
              + " served by re-training at most (m - 1) * K steps (default: ${DEFAULT-VALUE}).")
  long budgetMib = CheckpointStorage.DEFAULT_BUDGET_BYTES >> 20;

  /** The budget in bytes. */
  long budgetBytes() {
    if (budgetMib < 1 || budgetMib > (Long.MAX_VALUE >> 20)) {
      throw new UserException("--checkpoint-budget-mib must be positive, got " + budgetMib);
    }
    return budgetMib << 20;
  }
}

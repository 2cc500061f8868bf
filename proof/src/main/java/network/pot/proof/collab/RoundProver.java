package network.pot.proof.collab;

import java.io.IOException;
import java.util.function.LongConsumer;
import network.pot.proof.Binding;
import network.pot.proof.BlobSink;
import network.pot.proof.Prover;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.train.Trainer;

/**
 * A miner's work in one round: H steps from {@code G_r} on its shard under its round binding, with
 * the ordinary transcript ({@link Prover#continueFrom}). What it commits is {@link #contribution}.
 */
public final class RoundProver {
  private RoundProver() {}

  /**
   * Trains round {@code g.round()} for enrollment {@code e}; {@code shard} is the slot's data
   * ({@link ContributionVerifier#split}).
   */
  public static Prover.Result prove(
      CollabSpec spec,
      GlobalModel g,
      Enrollment e,
      DataSets.Split shard,
      BlobSink blobs,
      Parallel par,
      LongConsumer progress)
      throws IOException {
    Binding b = spec.roundBinding(e, g.round(), g.modelHash());
    Trainer t = g.start().trainer(spec.inner(), b.seeds(), shard.train());
    return Prover.continueFrom(spec.inner(), b, t, shard, blobs, par, progress);
  }

  /** The contribution a proved round commits. */
  public static Contribution contribution(GlobalModel g, Enrollment e, Prover.Result r) {
    return new Contribution(g.round(), e, r.commitment());
  }
}

package network.pot.proof.collab;

import java.io.IOException;
import java.util.List;
import network.pot.base.codec.LittleEndian;
import network.pot.base.crypto.Sha256;
import network.pot.proof.Binding;
import network.pot.proof.BlobSink;
import network.pot.proof.BlobSource;
import network.pot.proof.Commitment;
import network.pot.proof.Prover;
import network.pot.proof.TaskSpec;
import network.pot.proof.Transcript;
import network.pot.proof.collab.Simulation.Behaviour;
import network.pot.tensor.Parallel;
import network.pot.tensor.Param;
import network.pot.tensor.Rng;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.optim.OptimizerSpec;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Trainer;

/**
 * A round's work as a miner of a given {@link Behaviour} does it: honest, or one of the ways a
 * Byzantine miner deviates while still committing a well-formed contribution. It is the fault
 * injection of the protocol's simulation and of a node rehearsing an attack ({@code [faults]
 * collab_update}); every deviation here is one the verifier must catch. {@link
 * Behaviour#REPLAYED_UPDATE} needs what was committed before, so its callers handle it.
 */
public final class ByzantineProver {
  private ByzantineProver() {}

  /**
   * Trains round {@code g.round()} for {@code e} as {@code b} says and stores the checkpoints in
   * {@code store}.
   *
   * @param verifier the task's verifier, for the shards ({@link ContributionVerifier#split})
   * @throws IllegalArgumentException for {@link Behaviour#REPLAYED_UPDATE}
   */
  public static <S extends BlobSource & BlobSink> Prover.Result prove(
      Behaviour b,
      CollabSpec spec,
      ContributionVerifier verifier,
      GlobalModel g,
      Enrollment e,
      S store,
      Parallel par)
      throws IOException {
    TaskSpec inner = spec.inner();
    DataSets.Split own = verifier.split(e.slot());
    Binding binding = spec.roundBinding(e, g.round(), g.modelHash());
    switch (b) {
      case HONEST -> {
        return RoundProver.prove(spec, g, e, own, store, par, s -> {});
      }
      case OTHER_DATA -> {
        // another slot's shard, or with one slot the test split
        DataSets.Split other =
            spec.miners() > 1
                ? verifier.split((e.slot() + 1) % spec.miners())
                : new DataSets.Split(own.test(), own.test());
        Trainer t = g.start().trainer(inner, binding.seeds(), other.train());
        return Prover.continueFrom(inner, binding, t, own, store, par, s -> {});
      }
      case WRONG_LR -> {
        OptimizerSpec o = inner.optimizer();
        TaskSpec wrong =
            inner.withOptimizer(
                new OptimizerSpec(
                    o.type(),
                    2 * o.lr(),
                    o.momentum(),
                    o.weightDecay(),
                    o.beta1(),
                    o.beta2(),
                    o.eps()));
        Trainer t = g.start().trainer(wrong, binding.seeds(), own.train());
        return Prover.continueFrom(inner, binding, t, own, store, par, s -> {});
      }
      case GARBAGE_UPDATE -> {
        return garbage(spec, g, e, own, store, par);
      }
      case REPLAYED_UPDATE ->
          throw new IllegalArgumentException("a replayed update is what was committed before");
    }
    throw new IllegalStateException("unknown behaviour " + b);
  }

  /** Trains honestly, then commits random weights in place of the last checkpoint. */
  private static <S extends BlobSource & BlobSink> Prover.Result garbage(
      CollabSpec spec, GlobalModel g, Enrollment e, DataSets.Split own, S store, Parallel par)
      throws IOException {
    Prover.Result r = RoundProver.prove(spec, g, e, own, store, par, s -> {});
    List<byte[]> leaves = r.transcript().stateHashes();
    int last = leaves.size() - 1;
    byte[] blob = store.fetch(leaves.get(last)).orElseThrow();
    Trainer t = Checkpoint.decode(blob, "update").trainer(own.train());
    Rng rng =
        new Rng(
            LittleEndian.getU64(
                Sha256.tagged(
                    "pot/collab/sim/garbage/v1", e.minerId(), LittleEndian.u64(g.round())),
                0));
    for (Param p : t.model().params()) {
      float[] v = p.value();
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) rng.nextGaussian();
      }
    }
    byte[] forged = Checkpoint.encode(t);
    byte[] id = Checkpoint.stateHash(t);
    store.put(id, forged);
    store.flush();
    leaves.set(last, id);
    Transcript transcript = new Transcript(leaves);
    Commitment c =
        r.commitment()
            .with(
                transcript.root(),
                Checkpoint.modelHash(t.model()),
                Trainer.correct(t.model(), own.test(), par),
                leaves.size());
    return new Prover.Result(c, transcript, r.testSamples(), r.transcriptSeconds(), r.storage());
  }
}

package network.pot.proof.collab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import network.pot.base.bytes.Hex;
import network.pot.base.econ.RoundRewards;
import network.pot.proof.Binding;
import network.pot.proof.FraudProof;
import network.pot.proof.MemoryBlobStore;
import network.pot.proof.Prover;
import network.pot.proof.Reason;
import network.pot.proof.Verdict;
import network.pot.proof.collab.ContributionVerifier.Check;
import network.pot.proof.collab.ContributionVerifier.Rejection;
import network.pot.proof.collab.Simulation.Behaviour;
import network.pot.tensor.Parallel;
import network.pot.tensor.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The collaborative protocol end to end on the small dataset: honest rounds verify, the global
 * model does not depend on arrival order or threads, and Byzantine contributions are rejected so
 * that the global model is bit for bit the honest-only one.
 */
@Timeout(300)
class CollabProtocolTest {
  static final CollabSpec SPEC = CollabFixture.spec(8, 2, 1, 4, 4);

  static Simulation.Result run(
      CollabSpec spec, List<Simulation.Miner> miners, boolean verify, int threads)
      throws IOException {
    try (Parallel par = Parallel.of(threads)) {
      return new Simulation(spec, CollabFixture.DATA, par)
          .run(miners, verify, 1_000_003L, new Simulation.Listener() {});
    }
  }

  static List<String> hashes(Simulation.Result r) {
    return r.rounds().stream().map(x -> x.modelHash() + "/" + x.stateHash()).toList();
  }

  @Test
  void anHonestContributionVerifiesAgainstItsRoundAndNoOther() throws IOException {
    CollabSpec spec = CollabFixture.spec(8, 2, 1, 3, 2);
    ContributionVerifier v = new ContributionVerifier(spec, CollabFixture.DATA);
    GlobalModel g = GlobalModel.genesis(spec);
    Enrollment e = CollabFixture.enrollment(1);
    MemoryBlobStore blobs = new MemoryBlobStore();
    try (Parallel par = Parallel.of(1)) {
      Prover.Result r = RoundProver.prove(spec, g, e, v.split(1), blobs, par, s -> {});
      Contribution c = RoundProver.contribution(g, e, r);
      List<Integer> all = List.of(0, 1, 2, 3);
      Check ok = v.verify(g, c, blobs, r.transcript(), all, par);
      assertThat(ok.accepted()).as("%s", ok).isTrue();
      assertThat(ok.verifiedSteps()).isEqualTo(8);
      assertThat(ok.update()).hasSize(g.tensors());

      // the same transcript claimed by the miner in another slot, or for a later round
      Enrollment otherSlot = new Enrollment(e.minerId(), e.enrollHash(), 0);
      assertThat(
              v.verify(
                      g,
                      new Contribution(0, otherSlot, c.commitment()),
                      blobs,
                      r.transcript(),
                      all,
                      par)
                  .rejection())
          .isEqualTo(Rejection.WRONG_BINDING);
      GlobalModel g1 = Aggregator.next(spec, g, List.of(), par);
      assertThat(v.verify(g1, c, blobs, r.transcript(), all, par).rejection())
          .isEqualTo(Rejection.WRONG_ROUND);
      // the update is tied to the committed final model: another model hash fails the last segment
      Contribution lied =
          new Contribution(
              0, e, c.commitment().with(c.commitment().merkleRoot(), CollabFixture.id("x"), 1, 5));
      Check bad = v.verify(g, lied, blobs, r.transcript(), List.of(1), par);
      assertThat(bad.rejection()).isEqualTo(Rejection.TRANSCRIPT);
      assertThat(bad.verdict().orElseThrow().segments()).contains(0, 3);
    }
  }

  @Test
  void aContributionTrainedOnOtherDataCarriesAFraudProofCheckedFromTheRoundsStart()
      throws IOException {
    CollabSpec spec = CollabFixture.spec(8, 2, 1, 3, 2);
    ContributionVerifier v = new ContributionVerifier(spec, CollabFixture.DATA);
    GlobalModel g = GlobalModel.genesis(spec);
    Enrollment e = CollabFixture.enrollment(0);
    MemoryBlobStore blobs = new MemoryBlobStore();
    try (Parallel par = Parallel.of(2)) {
      Binding b = spec.roundBinding(e, 0, g.modelHash());
      // the keys and start of slot 0, the data of slot 1
      Trainer t = g.start().trainer(spec.inner(), b.seeds(), v.shard(1));
      Prover.Result r = Prover.continueFrom(spec.inner(), b, t, v.split(0), blobs, par, s -> {});
      Check check =
          v.verify(g, RoundProver.contribution(g, e, r), blobs, r.transcript(), List.of(1), par);
      assertThat(check.rejection()).isEqualTo(Rejection.TRANSCRIPT);
      Verdict verdict = check.verdict().orElseThrow();
      assertThat(verdict.failures().get(0).segment()).isZero();
      FraudProof proof = verdict.fraud().orElseThrow();
      FraudProof.Check confirmed = proof.check(spec.inner(), v.split(0), blobs, g.start(), par);
      assertThat(confirmed.confirmed()).as(confirmed.detail()).isTrue();
      assertThat(confirmed.failure().reason()).isEqualTo(Reason.SEGMENT_MISMATCH);
    }
  }

  @Test
  void theGlobalModelDoesNotDependOnArrivalOrderOrThreadCount() throws IOException {
    long seed = new Random().nextLong();
    List<Simulation.Miner> miners = new ArrayList<>(CollabFixture.honest(4));
    Simulation.Result a = run(SPEC, miners, true, 1);
    Collections.shuffle(miners, new Random(seed));
    Simulation.Result b = run(SPEC, miners, true, 2);
    assertThat(hashes(b)).as("shuffle seed %d", seed).isEqualTo(hashes(a));
    assertThat(a.rejectedMiners()).isEmpty();
    assertThat(a.rounds()).allSatisfy(r -> assertThat(r.accepted()).isEqualTo(4));
    // every round's share is paid out exactly, equal verified steps get equal pay (+-1 unit)
    for (Simulation.RoundReport r : a.rounds()) {
      long share = RoundRewards.roundShare(1_000_003L, SPEC.rounds(), r.round());
      assertThat(r.payouts().stream().mapToLong(RoundRewards.Payout::amount).sum())
          .isEqualTo(share);
    }
  }

  @Test
  void aggregationOfTheSameUpdatesIsBitExactForAnyOrderAndThreads() {
    long seed = new Random().nextLong();
    Random rnd = new Random(seed);
    GlobalModel g = GlobalModel.genesis(SPEC);
    List<Aggregator.Update> updates = new ArrayList<>();
    for (int m = 0; m < 5; m++) {
      List<float[]> w = new ArrayList<>();
      for (int t = 0; t < g.tensors(); t++) {
        float[] p = g.param(t);
        for (int j = 0; j < p.length; j++) {
          p[j] += (float) rnd.nextGaussian() * 0.01f;
        }
        w.add(p);
      }
      updates.add(new Aggregator.Update(CollabFixture.id("m" + m), w));
    }
    String expected = null;
    for (int threads = 1; threads <= 3; threads++) {
      Collections.shuffle(updates, rnd);
      try (Parallel par = Parallel.of(threads)) {
        GlobalModel once = Aggregator.next(SPEC, g, updates, par);
        GlobalModel twice = Aggregator.next(SPEC, once, updates, par);
        String h = Hex.encode(twice.stateHash());
        if (expected == null) {
          expected = h;
        }
        assertThat(h).as("seed %d, threads %d", seed, threads).isEqualTo(expected);
      }
    }
  }

  @Test
  void byzantineContributionsAreRejectedAndTheModelIsBitForBitTheHonestOnlyOne()
      throws IOException {
    List<Behaviour> attacks =
        List.of(
            Behaviour.GARBAGE_UPDATE,
            Behaviour.OTHER_DATA,
            Behaviour.REPLAYED_UPDATE,
            Behaviour.WRONG_LR);
    Enrollment byz = CollabFixture.enrollment(3);
    List<Simulation.Miner> honest = CollabFixture.honest(3);
    List<Simulation.Miner> withByz = new ArrayList<>(honest);
    withByz.add(1, Simulation.Miner.byzantine(byz, attacks, 0));

    Simulation.Result honestOnly = run(SPEC, honest, true, 1);
    Simulation.Result verified = run(SPEC, withByz, true, 2);
    assertThat(hashes(verified)).isEqualTo(hashes(honestOnly));
    assertThat(verified.finalModel().modelHash()).isEqualTo(honestOnly.finalModel().modelHash());
    assertThat(verified.rejectedMiners()).containsExactly(Hex.encode(byz.minerId()));
    List<Rejection> why = new ArrayList<>();
    for (Simulation.RoundReport r : verified.rounds()) {
      assertThat(r.accepted()).isEqualTo(3);
      assertThat(r.rejected()).hasSize(1);
      Simulation.Rejected x = r.rejected().get(0);
      why.add(x.rejection());
      // garbage fails the last segment, other data the first; a checkpoint names its optimizer
      switch (x.behaviour()) {
        case GARBAGE_UPDATE, OTHER_DATA ->
            assertThat(x.reasons()).contains(Reason.SEGMENT_MISMATCH);
        case WRONG_LR -> assertThat(x.reasons()).contains(Reason.PARAMETER_MISMATCH);
        default -> assertThat(x.reasons()).isEmpty();
      }
      // the Byzantine miner earns nothing; the honest ones share the whole round
      assertThat(r.payouts())
          .extracting(p -> Hex.encode(p.minerId()))
          .doesNotContain(Hex.encode(byz.minerId()));
    }
    assertThat(why)
        .containsExactly(
            Rejection.TRANSCRIPT,
            Rejection.TRANSCRIPT,
            Rejection.WRONG_BINDING,
            Rejection.TRANSCRIPT);

    // without verification the same miners drag the model elsewhere
    Simulation.Result unverified =
        run(SPEC.toBuilder().outer(OuterOptimizer.PLAIN_AVERAGING).build(), withByz, false, 1);
    assertThat(unverified.rejectedMiners()).isEmpty();
    assertThat(unverified.rounds()).allSatisfy(r -> assertThat(r.accepted()).isEqualTo(4));
    assertThat(
            Arrays.equals(unverified.finalModel().modelHash(), honestOnly.finalModel().modelHash()))
        .isFalse();
  }

  @Test
  void aRoundBelowQuorumLeavesTheModelAsItWas() throws IOException {
    CollabSpec spec = SPEC.toBuilder().quorum(2).rounds(1).build();
    Simulation.Result r = run(spec, CollabFixture.honest(1), true, 1);
    GlobalModel g0 = GlobalModel.genesis(spec);
    assertThat(r.finalModel().modelHash()).isEqualTo(g0.modelHash());
    assertThat(r.finalModel().round()).isEqualTo(1);
  }
}

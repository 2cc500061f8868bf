package network.pot.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import network.pot.base.crypto.Challenge;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.OptimizerSpec;
import network.pot.tensor.train.Checkpoint;
import network.pot.tensor.train.Trainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A lazy miner skips the work of a fraction f of the middle segments (it advances the step counter
 * without training, then continues honestly from there). Each trial builds such a transcript with
 * the real engine on a one-layer model, draws a fresh challenge and runs the real verifier. The
 * verifier must reject exactly when the challenge hits a skipped segment, and the measured rate
 * must match 1 - (1 - f)^q within sampling error. The seed is {@code -Dpot.test.seed=N}.
 */
@Timeout(600)
class DetectionRateTest {
  static final long SEED = Long.getLong("pot.test.seed", 20261122L);
  static final int MIDDLE = 40;
  static final int Q = 4;
  static final ModelSpec LINEAR =
      ModelSpec.parse(
          "{\"input\":[28,28,1],\"layers\":[{\"type\":\"flatten\"},"
              + "{\"type\":\"linear\",\"out\":10}]}");
  static final TaskSpec TASK =
      new TaskSpec(
          Fixture.DATA_HASH, LINEAR, OptimizerSpec.sgd(0.05f, 0f, 0f), 4, MIDDLE + 2, 1, Q);
  static final DataSets.Split DATA =
      new DataSets.Split(Fixture.DATA.train(), Fixture.DATA.test().head(50));

  @Test
  void catchRateMatchesTheSamplingBound() throws IOException {
    measure(new double[] {0.1, 0.3}, 100);
  }

  @Tag("long")
  @Test
  void catchRateMatchesTheSamplingBoundOverManyTrials() throws IOException {
    measure(new double[] {0.05, 0.1, 0.25, 0.5}, 1500);
  }

  private static void measure(double[] fractions, int trials) throws IOException {
    SplittableRandom rnd = new SplittableRandom(SEED);
    Binding b = Fixture.binding(TASK, "lazy-miner", "block");
    byte[] verifierId = Fixture.id("verifier");
    try (Parallel par = Parallel.of(1)) {
      Verifier verifier = new Verifier(TASK, DATA, par);
      for (double f : fractions) {
        int skipped = (int) Math.round(f * MIDDLE);
        int caught = 0;
        for (int trial = 0; trial < trials; trial++) {
          TreeSet<Integer> lazy = new TreeSet<>();
          while (lazy.size() < skipped) {
            lazy.add(1 + rnd.nextInt(MIDDLE));
          }
          MemoryBlobStore blobs = new MemoryBlobStore();
          Prover.Result r = lazyRun(b, lazy, blobs, par);
          byte[] randomness = new byte[32];
          rnd.nextBytes(randomness);
          Verdict v =
              verifier.verify(r.commitment(), blobs, r.transcript(), randomness, verifierId, Q);
          List<Integer> hit = new ArrayList<>(v.segments());
          hit.retainAll(lazy);
          String where = "seed=" + SEED + " f=" + f + " trial=" + trial + " " + v.toJson();
          assertThat(v.segments())
              .as(where)
              .isEqualTo(Challenge.segments(randomness, verifierId, TASK.segments(), Q));
          assertThat(v.valid()).as(where).isEqualTo(hit.isEmpty());
          for (Verdict.Failure x : v.failures()) {
            assertThat(x.reason()).as(where).isEqualTo(Reason.SEGMENT_MISMATCH);
            assertThat(lazy).as(where).contains(x.segment());
          }
          if (!v.valid()) {
            caught++;
          }
        }
        double measured = (double) caught / trials;
        double bound = 1 - Math.pow(1 - (double) skipped / MIDDLE, Q);
        double exact = 1 - hypergeometricMiss(MIDDLE, skipped, Q);
        double sigma = Math.sqrt(exact * (1 - exact) / trials);
        System.out.printf(
            "f=%.2f q=%d trials=%d caught=%.4f 1-(1-f)^q=%.4f exact=%.4f seed=%d%n",
            f, Q, trials, measured, bound, exact, SEED);
        // sampling without replacement catches slightly more often than the bound
        assertThat(Math.abs(measured - exact))
            .as("seed=%d f=%.2f measured %.4f, expected %.4f", SEED, f, measured, exact)
            .isLessThan(4.5 * sigma);
        assertThat(Math.abs(measured - bound)).isLessThan(4.5 * sigma + (exact - bound));
      }
    }
  }

  /** P(q draws without replacement from n miss all m marked ones). */
  private static double hypergeometricMiss(int n, int m, int q) {
    double p = 1;
    for (int i = 0; i < q; i++) {
      p *= (double) (n - m - i) / (n - i);
    }
    return Math.max(p, 0);
  }

  /** Trains the task, skipping the work of the {@code lazy} segments (k = 1 here). */
  private static Prover.Result lazyRun(
      Binding b, Set<Integer> lazy, MemoryBlobStore blobs, Parallel par) throws IOException {
    Trainer t = TASK.newTrainer(b.seeds(), DATA.train());
    List<byte[]> leaves = new ArrayList<>();
    leaves.add(Prover.keep(t, blobs));
    for (int i = 0; i < TASK.segments(); i++) {
      if (lazy.contains(i)) {
        t.setStep(t.step() + 1);
        t.optimizer().setUpdates(t.optimizer().updates() + 1);
      } else {
        t.step(par);
      }
      leaves.add(Prover.keep(t, blobs));
    }
    Transcript tr = new Transcript(leaves);
    Commitment c =
        new Commitment(
            b.taskId(),
            b.minerId(),
            b.enrollHash(),
            tr.root(),
            Checkpoint.modelHash(t.model()),
            Trainer.correct(t.model(), DATA.test(), par),
            tr.size());
    return new Prover.Result(c, tr, DATA.test().size(), 0);
  }
}

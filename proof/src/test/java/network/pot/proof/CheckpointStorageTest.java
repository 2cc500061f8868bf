package network.pot.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The disk budget decides which checkpoints a prover keeps, and so how much a challenge costs. */
class CheckpointStorageTest {
  /** About one checkpoint of the benchmark task (mlp, Adam): 1.88 MB. */
  static final long MLP_CHECKPOINT = 1_880_000;

  @Test
  void theDefaultBudgetKeepsTheBenchmarkTaskUnderFortyMegabytes() {
    int n = 200; // T = 5000, k = 25
    CheckpointStorage s =
        CheckpointStorage.forBudget(CheckpointStorage.DEFAULT_BUDGET_BYTES, MLP_CHECKPOINT, n);
    assertThat(s.every()).isEqualTo(13);
    assertThat(s.kept(n)).isEqualTo(17);
    assertThat(s.kept(n) * MLP_CHECKPOINT).isLessThanOrEqualTo(40_000_000L);
    assertThat(s.fits(CheckpointStorage.DEFAULT_BUDGET_BYTES, MLP_CHECKPOINT, n)).isTrue();
    assertThat(s.maxReplaySteps(25)).isEqualTo(300);
    // one interval denser would not fit
    assertThat(
            new CheckpointStorage(12)
                .fits(CheckpointStorage.DEFAULT_BUDGET_BYTES, MLP_CHECKPOINT, n))
        .isFalse();
  }

  @Test
  void theChosenIntervalIsTheSmallestWhoseCheckpointsFit() {
    for (int n = 1; n <= 60; n++) {
      for (long budget = 0; budget <= 70; budget += 3) {
        CheckpointStorage s = CheckpointStorage.forBudget(budget, 1, n);
        if (s.fits(budget, 1, n)) {
          assertThat(s.every() == 1 || !new CheckpointStorage(s.every() - 1).fits(budget, 1, n))
              .as("n %d budget %d every %d", n, budget, s.every())
              .isTrue();
        } else {
          assertThat(s.every()).as("n %d budget %d", n, budget).isEqualTo(n);
          assertThat(budget).isLessThan(Math.min(2, n + 1));
        }
      }
    }
  }

  @Test
  void anAmpleBudgetKeepsEverythingAndTheFirstAndLastAreAlwaysKept() {
    assertThat(CheckpointStorage.forBudget(Long.MAX_VALUE, MLP_CHECKPOINT, 200))
        .isEqualTo(CheckpointStorage.FULL);
    assertThat(CheckpointStorage.FULL.kept(200)).isEqualTo(201);
    assertThat(CheckpointStorage.FULL.maxReplaySteps(25)).isZero();
    CheckpointStorage s = new CheckpointStorage(7);
    assertThat(s.kept(20)).isEqualTo(4); // 0, 7, 14, 20
    for (int leaf = 0; leaf <= 20; leaf++) {
      assertThat(s.keeps(leaf, 20)).isEqualTo(leaf == 0 || leaf == 7 || leaf == 14 || leaf == 20);
      assertThat(s.keeps(s.anchor(leaf), 20)).isTrue();
      assertThat(leaf - s.anchor(leaf)).isBetween(0, 6);
    }
    assertThatThrownBy(() -> new CheckpointStorage(0)).isInstanceOf(IllegalArgumentException.class);
  }
}

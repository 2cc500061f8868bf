package network.pot.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Parallel} runs every index exactly once per call, call after call, and reports failures.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ParallelTest {

  /**
   * Many tiny jobs back to back: a worker that wakes late with the previous job in hand must not
   * take (and lose) a chunk of the next one, which used to hang the caller or skip a range.
   */
  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void everyIndexRunsExactlyOnceAcrossManyBackToBackJobs(int threads) {
    try (Parallel par = Parallel.of(threads)) {
      for (int job = 0; job < 30_000; job++) {
        int n = 1 + job % 13;
        int[] runs = new int[n];
        par.forRange(
            n,
            1,
            (start, end) -> {
              for (int i = start; i < end; i++) {
                runs[i]++;
                busyWork();
              }
            });
        for (int i = 0; i < n; i++) {
          assertThat(runs[i]).as("job %d index %d of %d", job, i, n).isEqualTo(1);
        }
      }
    }
  }

  /** About a microsecond of work, so that the workers take part in the jobs. */
  private static void busyWork() {
    long until = System.nanoTime() + 1_000;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  @Test
  void failureOfARangeIsRethrownToTheCaller() {
    try (Parallel par = Parallel.of(2)) {
      assertThatThrownBy(
              () ->
                  par.forRange(
                      100,
                      1,
                      (start, end) -> {
                        if (start <= 50 && 50 < end) {
                          throw new IllegalStateException("range with 50");
                        }
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("range with 50");
      int[] sum = new int[1];
      par.forRange(10, 10, (start, end) -> sum[0] += end - start);
      assertThat(sum[0]).isEqualTo(10);
    }
  }
}

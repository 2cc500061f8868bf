package network.pot.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ParallelTest {
  @Test
  void everyIndexRunsExactlyOnceAcrossManyBackToBackJobs() {
    for (int threads = 1; threads <= 4; threads++) {
      try (Parallel par = Parallel.of(threads)) {
        for (int job = 0; job < 2_000; job++) {
          int n = 1 + (job * 37) % 500;
          AtomicIntegerArray hits = new AtomicIntegerArray(n);
          par.forRange(
              n,
              1 + job % 7,
              (a, b) -> {
                for (int i = a; i < b; i++) {
                  hits.incrementAndGet(i);
                }
              });
          for (int i = 0; i < n; i++) {
            assertThat(hits.get(i)).as("threads %d job %d index %d", threads, job, i).isEqualTo(1);
          }
        }
      }
    }
  }

  @Test
  void failureInABodyReachesTheCaller() {
    try (Parallel par = Parallel.of(2)) {
      assertThatThrownBy(
              () ->
                  par.forRange(
                      100,
                      1,
                      (a, b) -> {
                        if (a <= 50 && 50 < b) {
                          throw new IllegalStateException("boom");
                        }
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("boom");
      AtomicIntegerArray hits = new AtomicIntegerArray(10);
      par.forRange(10, 1, (a, b) -> hits.incrementAndGet(a));
      assertThat(hits.get(9)).isEqualTo(1);
    }
  }

  @Test
  void rejectsZeroThreads() {
    assertThatThrownBy(() -> Parallel.of(0)).isInstanceOf(IllegalArgumentException.class);
  }
}

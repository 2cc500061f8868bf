package network.pot.tensor;

import java.lang.management.ManagementFactory;

/** Measures the heap a piece of code allocates on the calling thread. */
public final class Allocations {
  private Allocations() {}

  /** Code under measurement; what it throws is part of the outcome. */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  /** What {@link #of} saw: the bytes allocated and whatever the code threw. */
  public record Outcome(long bytes, Throwable thrown) {}

  /** Runs {@code body} and returns the bytes this thread allocated meanwhile. */
  public static Outcome of(Body body) {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = mx.getCurrentThreadAllocatedBytes();
    Throwable thrown = null;
    try {
      body.run();
    } catch (Exception e) {
      thrown = e;
    }
    return new Outcome(mx.getCurrentThreadAllocatedBytes() - before, thrown);
  }
}

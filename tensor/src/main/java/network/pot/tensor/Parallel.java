package network.pot.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A small fixed pool that runs a loop body over index ranges on {@code threads} threads (the caller
 * is one of them).
 *
 * <p>Determinism rule: a body must compute every output element inside exactly one range, in an
 * order that does not depend on which thread runs the range or on how the index space is split.
 * Then results are the same for every thread count. Ranges are handed out dynamically.
 *
 * <p>Workers spin briefly between jobs (a training step issues many small jobs back to back), then
 * park, so an idle pool costs no CPU.
 */
public final class Parallel implements AutoCloseable {
  /** A loop body over {@code [start, end)}. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int start, int end);
  }

  private static final int SPIN_ITERATIONS = 20_000;

  private final int threads;
  private final Thread[] workers;
  private volatile long generation;
  private volatile boolean closed;
  private volatile Job job;

  /**
   * One {@link #forRange} call. Its counters belong to it, not to the pool: a worker that wakes
   * late still holding a finished job can only find that job's chunks all taken, and can never
   * claim (and lose) a chunk of the next job or run the wrong body on it.
   */
  private static final class Job {
    final RangeBody body;
    final int n;
    final int chunk;
    final int chunks;
    final Thread caller;
    final AtomicInteger nextChunk = new AtomicInteger();
    final AtomicInteger pendingChunks;
    volatile Throwable failure;

    Job(RangeBody body, int n, int chunk, int chunks, Thread caller) {
      this.body = body;
      this.n = n;
      this.chunk = chunk;
      this.chunks = chunks;
      this.caller = caller;
      this.pendingChunks = new AtomicInteger(chunks);
    }
  }

  private Parallel(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
    this.workers = new Thread[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      Thread t = new Thread(this::workerLoop, "pot-tensor-" + (i + 1));
      t.setDaemon(true);
      workers[i] = t;
      t.start();
    }
  }

  /** A pool of {@code threads} threads (1 = run everything on the caller). */
  public static Parallel of(int threads) {
    return new Parallel(threads);
  }

  /** A pool with one thread per available processor. */
  public static Parallel ofAvailableProcessors() {
    return new Parallel(Runtime.getRuntime().availableProcessors());
  }

  public int threads() {
    return threads;
  }

  /**
   * Runs {@code body} over {@code [0, n)} split into ranges of about {@code grain} indices (at
   * least one range per thread when {@code n} allows). Returns when every range has run.
   */
  public void forRange(int n, int grain, RangeBody body) {
    if (n <= 0) {
      return;
    }
    int g = Math.max(1, grain);
    if (threads == 1 || n <= g) {
      body.run(0, n);
      return;
    }
    int chunks = (n + g - 1) / g;
    int chunk = (n + chunks - 1) / chunks;
    chunks = (n + chunk - 1) / chunk;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("pool is closed");
      }
      Job j = new Job(body, n, chunk, chunks, Thread.currentThread());
      job = j;
      generation++;
      for (Thread w : workers) {
        LockSupport.unpark(w);
      }
      runChunks(j);
      int spins = 0;
      while (j.pendingChunks.get() > 0) {
        if (++spins < SPIN_ITERATIONS) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(50_000);
        }
      }
      job = null;
      Throwable f = j.failure;
      if (f != null) {
        if (f instanceof RuntimeException re) {
          throw re;
        }
        if (f instanceof Error e) {
          throw e;
        }
        throw new IllegalStateException(f);
      }
    }
  }

  private void runChunks(Job j) {
    int c;
    while ((c = j.nextChunk.getAndIncrement()) < j.chunks) {
      int start = c * j.chunk;
      int end = Math.min(j.n, start + j.chunk);
      try {
        j.body.run(start, end);
      } catch (Throwable t) {
        j.failure = t;
      } finally {
        if (j.pendingChunks.decrementAndGet() == 0) {
          LockSupport.unpark(j.caller);
        }
      }
    }
  }

  private void workerLoop() {
    long seen = 0;
    while (!closed) {
      int spins = 0;
      while (generation == seen && !closed) {
        if (++spins < SPIN_ITERATIONS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      if (closed) {
        return;
      }
      seen = generation;
      Job j = job;
      if (j != null) {
        runChunks(j);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Thread w : workers) {
      LockSupport.unpark(w);
    }
  }
}

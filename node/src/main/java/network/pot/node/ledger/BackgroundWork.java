package network.pot.node.ledger;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import network.pot.base.crypto.Hash;
import network.pot.chain.state.FraudProofChecker.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers that the state machine asks for while it applies a block and that take fetching or
 * re-execution to compute ({@link BackgroundFraudChecker}, {@link BackgroundCollabChecker}): the
 * first request for a key starts the work on a thread of its own and throws {@link Unavailable} at
 * once, so the consensus thread never waits; a later request gets the answer once it is ready. An
 * answer depends only on its key, so it is kept (the newest {@code keep}) and reused; work that
 * failed is forgotten and started again by the next request. At most {@code maxPending} pieces of
 * work wait to run; beyond that a request is answered {@link Unavailable} until the queue drains,
 * which bounds what a flood of requests can cost a node.
 */
final class BackgroundWork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);

  /** Work whose inputs may be missing. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws Unavailable;
  }

  private final String what;
  private final int keep;
  private final ExecutorService executor;
  private final Map<Hash, CompletableFuture<Object>> answers = new HashMap<>();
  private final Deque<Hash> order = new ArrayDeque<>();

  /**
   * @param thread the worker thread's name
   * @param what what the work is, for messages ("the fraud-proof check")
   * @param maxPending most pieces of work waiting to run
   * @param keep answers kept after they are known (the oldest go first)
   */
  BackgroundWork(String thread, String what, int maxPending, int keep) {
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPending must be at least 1: " + maxPending);
    }
    this.what = what;
    this.keep = keep;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(maxPending),
            r -> {
              Thread t = new Thread(r, thread);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The answer for {@code key}, computed by {@code work} (started now when it is not known yet).
   *
   * @throws Unavailable while the work runs or waits to run, when too much work waits already, or
   *     when the work found its inputs missing (it is forgotten, and the next request starts it
   *     again)
   * @throws IllegalStateException when the work failed otherwise (a bug: the work maps its own
   *     failures to answers)
   */
  @SuppressWarnings("unchecked") // each key is asked of with work of one answer type
  <T> T answer(Hash key, Work<T> work) throws Unavailable {
    CompletableFuture<Object> f;
    synchronized (this) {
      f = answers.get(key);
      if (f == null) {
        f = start(key, work);
        if (f == null) {
          throw new Unavailable("too much waits to run: " + what + " is queued later");
        }
      }
    }
    if (!f.isDone()) {
      throw new Unavailable(what + " is running in the background");
    }
    try {
      return (T) f.join();
    } catch (CompletionException e) {
      synchronized (this) {
        answers.remove(key, f); // the next request starts it again
      }
      if (e.getCause() instanceof Unavailable u) {
        throw new Unavailable(u.getMessage(), u);
      }
      throw new IllegalStateException(what + " failed", e.getCause());
    }
  }

  /** Work started and not finished yet. */
  synchronized int pending() {
    return (int) answers.values().stream().filter(f -> !f.isDone()).count();
  }

  /** Whether the answer for {@code key} is known. */
  synchronized boolean known(Hash key) {
    CompletableFuture<Object> f = answers.get(key);
    return f != null && f.isDone() && !f.isCompletedExceptionally();
  }

  /** Starts work, or returns null when the queue is full. Holds the lock. */
  private CompletableFuture<Object> start(Hash key, Work<?> work) {
    CompletableFuture<Object> f = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              f.complete(work.run());
            } catch (Unavailable | RuntimeException e) {
              LOG.debug("{} not done: {}", what, e.toString());
              f.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      return null;
    }
    answers.put(key, f);
    order.addLast(key);
    while (order.size() > keep) {
      Hash old = order.removeFirst();
      CompletableFuture<Object> o = answers.get(old);
      if (o != null && o.isDone()) {
        answers.remove(old);
      } else if (o != null) {
        order.addLast(old); // still running: keep it
        break;
      }
    }
    return f;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}

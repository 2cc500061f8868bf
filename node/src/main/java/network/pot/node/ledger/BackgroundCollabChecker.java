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
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.chain.state.CollabChecker;
import network.pot.chain.state.CollabRound;
import network.pot.chain.state.CollabTask;
import network.pot.chain.state.FraudProofChecker.Unavailable;
import network.pot.chain.tx.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a collaborative checker off the consensus thread, as {@link BackgroundFraudChecker} does
 * fraud-proof checks: the first request for an answer starts the work (fetching the spec, the
 * models and the updates, aggregating) on a thread of its own and throws {@link Unavailable} at
 * once; the proposer leaves the transaction out for now, and a block or a round later the answer is
 * ready. An answer depends only on what the key covers (the task's terms, the round's record), so
 * it is kept and reused; a failed one is forgotten and started again on the next request.
 */
public final class BackgroundCollabChecker implements CollabChecker, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundCollabChecker.class);

  /** Answers kept after they are known (the oldest go first). */
  private static final int KEEP = 1_024;

  /** A unit of work that may find its inputs missing. */
  @FunctionalInterface
  private interface Work<T> {
    T run() throws Unavailable;
  }

  private final CollabChecker inner;
  private final ExecutorService executor;
  private final Map<Hash, CompletableFuture<Object>> answers = new HashMap<>();
  private final Deque<Hash> order = new ArrayDeque<>();

  /**
   * @param inner the checker that does the work
   * @param maxPending most checks waiting to run
   */
  public BackgroundCollabChecker(CollabChecker inner, int maxPending) {
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPending must be at least 1: " + maxPending);
    }
    this.inner = inner;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(maxPending),
            r -> {
              Thread t = new Thread(r, "collab-check");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public SpecCheck checkSpec(Hash taskId, Payload.PublishCollabTask terms) throws Unavailable {
    Writer w = new Writer(512).string("spec").raw(taskId.unsafeArray());
    terms.encode(w);
    return (SpecCheck) answer(Hash.sha256(w.toByteArray()), () -> inner.checkSpec(taskId, terms));
  }

  @Override
  public Payload.ModelHashes next(Hash taskId, CollabTask task, int roundIndex, CollabRound round)
      throws Unavailable {
    Writer w = new Writer(1024).string("next").raw(taskId.unsafeArray()).u32(roundIndex);
    task.terms().encode(w);
    round.encode(w);
    return (Payload.ModelHashes)
        answer(Hash.sha256(w.toByteArray()), () -> inner.next(taskId, task, roundIndex, round));
  }

  /** Checks started and not finished yet. */
  public synchronized int pending() {
    return (int) answers.values().stream().filter(f -> !f.isDone()).count();
  }

  private Object answer(Hash key, Work<?> work) throws Unavailable {
    CompletableFuture<Object> f;
    synchronized (this) {
      f = answers.get(key);
      if (f == null) {
        f = start(key, work);
        if (f == null) {
          throw new Unavailable("too many collaborative checks are waiting to run");
        }
      }
    }
    if (!f.isDone()) {
      throw new Unavailable("the collaborative check is running in the background");
    }
    try {
      return f.join();
    } catch (CompletionException e) {
      synchronized (this) {
        answers.remove(key, f);
      }
      if (e.getCause() instanceof Unavailable u) {
        throw new Unavailable(u.getMessage(), u);
      }
      throw new IllegalStateException("collaborative check failed", e.getCause());
    }
  }

  /** Starts a check, or returns null when the queue is full. Holds the lock. */
  private CompletableFuture<Object> start(Hash key, Work<?> work) {
    CompletableFuture<Object> f = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              f.complete(work.run());
            } catch (Unavailable | RuntimeException e) {
              LOG.debug("collaborative check not done: {}", e.toString());
              f.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      return null;
    }
    answers.put(key, f);
    order.addLast(key);
    while (order.size() > KEEP) {
      Hash old = order.removeFirst();
      CompletableFuture<Object> o = answers.get(old);
      if (o != null && o.isDone()) {
        answers.remove(old);
      } else if (o != null) {
        order.addLast(old);
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

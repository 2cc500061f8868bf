package network.pot.node.ledger;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.Task;
import network.pot.chain.tx.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs fraud-proof checks off the consensus thread. The state machine asks for a verdict while it
 * applies a block; the first time it asks about a proof, this checker starts the check on its own
 * thread and answers {@link FraudProofChecker.Unavailable} at once, so the caller goes on: a
 * proposer leaves the proof out of its block for now, a validator prevotes against a proposal
 * holding it (the round moves on), and both find the verdict ready a block or a round later. A
 * proposal or a block being built thus starts the checks (and the fetches of their inputs) of the
 * proofs it carries ahead of the block that applies them, and the consensus thread never waits on
 * the network or on re-execution; only a node that applies a finalized block it never checked
 * waits, for the check it starts then.
 *
 * <p>A verdict is a function of the proof and the enrollment's committed transcript (root,
 * enrollment hash, model and metric, all fixed once the miner commits) and the task's terms, so it
 * is kept under a key over those and reused. A check that could not get its inputs is forgotten,
 * and the next request starts it again. At most {@code maxPending} checks wait to run; beyond that
 * a proof is left out until the queue drains, which bounds what a flood of proofs can cost a node.
 */
public final class BackgroundFraudChecker implements FraudProofChecker, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundFraudChecker.class);

  /** Verdicts kept after they are known (the oldest go first). */
  private static final int KEEP = 4_096;

  private final FraudProofChecker inner;
  private final ExecutorService executor;
  private final Map<Hash, CompletableFuture<Verdict>> checks = new HashMap<>();
  private final Deque<Hash> order = new ArrayDeque<>();

  /**
   * @param inner the checker that does the work (re-execution, fetching inputs)
   * @param maxPending most checks waiting to run
   */
  public BackgroundFraudChecker(FraudProofChecker inner, int maxPending) {
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
              Thread t = new Thread(r, "fraud-check");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public Verdict check(Task task, Enrollment enrollment, Payload.FraudProof proof)
      throws Unavailable {
    Hash key = key(task, enrollment, proof);
    CompletableFuture<Verdict> f;
    synchronized (this) {
      f = checks.get(key);
      if (f == null) {
        f = start(key, task, enrollment, proof);
        if (f == null) {
          throw new Unavailable("too many fraud proofs are waiting to be checked");
        }
      }
    }
    if (!f.isDone()) {
      throw new Unavailable("the fraud proof is being checked in the background");
    }
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      synchronized (this) {
        checks.remove(key, f); // the next request starts it again
      }
      if (e.getCause() instanceof Unavailable u) {
        throw new Unavailable(u.getMessage(), u);
      }
      // the inner checker maps its own failures to verdicts; anything else is a bug here
      throw new IllegalStateException("fraud proof check failed", e.getCause());
    }
  }

  /** Fraud-proof checks started and not finished yet. */
  public synchronized int pending() {
    int n = 0;
    for (CompletableFuture<Verdict> f : checks.values()) {
      if (!f.isDone()) {
        n++;
      }
    }
    return n;
  }

  /** Whether a verdict about {@code proof} is known already (for tests and metrics). */
  public synchronized boolean known(Task task, Enrollment enrollment, Payload.FraudProof proof) {
    CompletableFuture<Verdict> f = checks.get(key(task, enrollment, proof));
    return f != null && f.isDone() && !f.isCompletedExceptionally();
  }

  /** Starts a check, or returns null when the queue is full. Holds the lock. */
  private CompletableFuture<Verdict> start(
      Hash key, Task task, Enrollment enrollment, Payload.FraudProof proof) {
    CompletableFuture<Verdict> f = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              f.complete(inner.check(task, enrollment, proof));
            } catch (Unavailable | RuntimeException e) {
              LOG.debug("fraud proof on task {} not checked: {}", proof.taskId(), e.toString());
              f.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      return null;
    }
    checks.put(key, f);
    order.addLast(key);
    while (order.size() > KEEP) {
      Hash old = order.removeFirst();
      CompletableFuture<Verdict> o = checks.get(old);
      if (o != null && o.isDone()) {
        checks.remove(old);
      } else if (o != null) {
        order.addLast(old); // still running: keep it
        break;
      }
    }
    return f;
  }

  /** What a verdict depends on: the proof, the committed transcript, and the task's terms. */
  private static Hash key(Task task, Enrollment e, Payload.FraudProof proof) {
    Writer w = new Writer(256);
    proof.encode(w);
    w.raw(e.transcriptRoot().unsafeArray())
        .raw(e.enrollHash().unsafeArray())
        .raw(e.modelHash().unsafeArray())
        .u64(e.claimedMetric());
    task.terms().encode(w);
    return Hash.sha256(w.toByteArray());
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}

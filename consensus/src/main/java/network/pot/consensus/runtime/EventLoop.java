package network.pot.consensus.runtime;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consensus thread: one thread draining one queue of events (peer messages, timer expiries,
 * start). Everything that touches a {@link network.pot.consensus.ConsensusNode} runs here, so the
 * state machine needs no locks. An exception escaping an event is a bug: the loop stops, logs it
 * and hands it to the failure handler (the node halts loudly instead of running on with a broken
 * state).
 */
public final class EventLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

  // A sentinel that close() queues and the loop recognises by identity; it is never run.
  @SuppressWarnings("UnnecessaryLambda")
  private static final Runnable STOP = () -> {};

  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final Consumer<Throwable> onFailure;
  private volatile boolean running = true;
  private volatile Throwable failure;

  /** Starts the thread, named {@code name}. */
  public EventLoop(String name, Consumer<Throwable> onFailure) {
    this.onFailure = onFailure;
    this.thread = new Thread(this::loop, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues {@code event}; ignored once the loop stopped. */
  public void post(Runnable event) {
    if (running) {
      queue.add(event);
    }
  }

  /** True while events are processed. */
  public boolean running() {
    return running;
  }

  /** The exception that stopped the loop, or null. */
  public Throwable failure() {
    return failure;
  }

  private void loop() {
    try {
      while (running) {
        Runnable event = queue.take();
        if (event == STOP) {
          break;
        }
        event.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      running = false;
      failure = e;
      LOG.error("{}: consensus event failed; halting the consensus thread", thread.getName(), e);
      onFailure.accept(e);
    } finally {
      running = false;
    }
  }

  /** Stops after the events already queued and waits for the thread. */
  @Override
  public void close() {
    queue.add(STOP);
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

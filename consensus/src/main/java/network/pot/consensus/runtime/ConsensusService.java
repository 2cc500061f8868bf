package network.pot.consensus.runtime;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import network.pot.consensus.ConsensusNode;
import network.pot.consensus.Scheduler;
import network.pot.consensus.Timeout;

/**
 * A {@link ConsensusNode} on real time: its own {@link EventLoop}, timers on a scheduled executor
 * that only post expiry events to that loop, and {@link #deliver} for the transport to hand in
 * messages from any thread. The node is built on the loop thread and every call into it happens
 * there.
 */
public final class ConsensusService implements AutoCloseable {
  /** Most peer messages waiting for the consensus thread. */
  public static final int MAX_QUEUED_MESSAGES = 10_000;

  /** Most bytes of peer messages waiting for the consensus thread. */
  public static final long MAX_QUEUED_BYTES = 64L << 20;

  private final java.util.concurrent.atomic.AtomicInteger queuedMessages =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong queuedBytes =
      new java.util.concurrent.atomic.AtomicLong();
  private final EventLoop loop;
  private final ScheduledExecutorService timers;
  private ConsensusNode node;

  /**
   * Starts a node. {@code factory} receives the scheduler to give the node and returns it; it runs
   * on the consensus thread, followed by {@link ConsensusNode#start()}.
   */
  public ConsensusService(
      String name,
      Clock clock,
      Function<Scheduler, ConsensusNode> factory,
      Consumer<Throwable> onFailure) {
    this.loop = new EventLoop(name, onFailure);
    this.timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name + "-timers");
              t.setDaemon(true);
              return t;
            });
    Scheduler scheduler =
        new Scheduler() {
          @Override
          public long nowMillis() {
            return clock.millis();
          }

          // The timer task only posts to the event loop and cannot fail; nothing awaits it.
          @SuppressWarnings("FutureReturnValueIgnored")
          @Override
          public void schedule(long delayMillis, Timeout timeout) {
            timers.schedule(
                () -> loop.post(() -> node.onTimeout(timeout)), delayMillis, TimeUnit.MILLISECONDS);
          }
        };
    loop.post(
        () -> {
          node = factory.apply(scheduler);
          node.start();
        });
  }

  /**
   * Hands a message from transport peer {@code from} to the consensus thread; false when it was
   * dropped because the queue already holds {@link #MAX_QUEUED_MESSAGES} messages or {@link
   * #MAX_QUEUED_BYTES} bytes of them (peers outpacing the consensus thread; consensus tolerates
   * lost messages, and timers, starts and queries are never dropped).
   */
  public boolean deliver(int from, byte[] message) {
    int size = message.length;
    int count = queuedMessages.incrementAndGet();
    long bytes = queuedBytes.addAndGet(size);
    if (count > MAX_QUEUED_MESSAGES || bytes > MAX_QUEUED_BYTES) {
      queuedMessages.decrementAndGet();
      queuedBytes.addAndGet(-size);
      return false;
    }
    loop.post(
        () -> {
          queuedMessages.decrementAndGet();
          queuedBytes.addAndGet(-size);
          node.onMessage(from, message);
        });
    return true;
  }

  /** Runs {@code query} against the node on the consensus thread. */
  public void inspect(Consumer<ConsensusNode> query) {
    loop.post(() -> query.accept(node));
  }

  /** True while the consensus thread runs. */
  public boolean running() {
    return loop.running();
  }

  /** Stops the consensus thread, then its timers (like a process exit: nothing else is flushed). */
  @Override
  public void close() {
    loop.close();
    timers.shutdownNow();
  }
}

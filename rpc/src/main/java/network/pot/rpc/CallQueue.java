package network.pot.rpc;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's calls, run off the event loop on the server's pool one after another in arrival
 * order (so answers leave in request order). When {@code limit} calls wait, the connection stops
 * being read until they drain: a client cannot queue unbounded work.
 */
final class CallQueue {
  private static final Logger LOG = LoggerFactory.getLogger(CallQueue.class);

  private final Channel channel;
  private final Executor pool;
  private final int limit;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
  private int waiting;

  CallQueue(Channel channel, Executor pool, int limit) {
    this.channel = channel;
    this.pool = pool;
    this.limit = limit;
  }

  /** Runs {@code call} after the connection's earlier calls. */
  synchronized void submit(Runnable call) {
    if (++waiting >= limit) {
      channel.config().setAutoRead(false);
    }
    tail =
        tail.thenRunAsync(
                () -> {
                  try {
                    call.run();
                  } catch (RuntimeException e) {
                    LOG.warn("an RPC call failed on {}", channel, e);
                  } finally {
                    finished();
                  }
                },
                pool)
            .exceptionally(
                e -> {
                  // the pool is shut down: the server is closing
                  if (!(e.getCause() instanceof RejectedExecutionException)) {
                    LOG.debug("RPC call queue of {} stopped", channel, e);
                  }
                  var unused = channel.close();
                  return null;
                });
  }

  private synchronized void finished() {
    if (--waiting < limit && !channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
    }
  }
}

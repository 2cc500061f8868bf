package network.pot.node.work;

import java.util.Map;
import network.pot.chain.block.Block;
import network.pot.chain.state.BlockResult;
import network.pot.chain.state.LedgerState;
import network.pot.node.ledger.LedgerApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background worker driven by the chain: it wakes on every committed block (and at least once a
 * second) and acts on the latest committed state, on its own thread, so that consensus never waits
 * for it. An exception in one pass is logged and the next pass tries again.
 */
public abstract class Worker implements LedgerApp.CommitListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

  private final String name;
  private final LedgerApp app;
  private final Thread thread;
  private final Object signal = new Object();
  private boolean woken;
  private volatile boolean running = true;

  protected Worker(String name, LedgerApp app) {
    this.name = name;
    this.app = app;
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public String name() {
    return name;
  }

  protected LedgerApp app() {
    return app;
  }

  /** Each committed block wakes the worker for a pass over the new state. */
  @Override
  public void committed(Block block, BlockResult result) {
    wake();
  }

  /** One pass over the committed state. */
  protected abstract void work(LedgerState state) throws Exception;

  /** What this worker has done so far, by counter name. */
  public abstract Map<String, Long> counts();

  protected final void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  protected boolean running() {
    return running;
  }

  private void loop() {
    while (running) {
      try {
        work(app.state());
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        LOG.warn("{} pass failed: {}", name, e.toString(), e);
      }
      synchronized (signal) {
        if (!woken && running) {
          try {
            signal.wait(1000);
          } catch (InterruptedException e) {
            return;
          }
        }
        woken = false;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

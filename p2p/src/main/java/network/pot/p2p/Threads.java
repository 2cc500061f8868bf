package network.pot.p2p;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Named daemon worker threads for the p2p services. */
public final class Threads {
  private Threads() {}

  /**
   * A pool of {@code n} daemon threads named {@code p2p-<role>-<node>}; with {@code n = 1} it is
   * the single event thread that owns a service's state.
   */
  public static ExecutorService pool(String role, P2pNode node, int n) {
    String name = "p2p-" + role + "-" + node.id().shortHex();
    return Executors.newFixedThreadPool(
        n,
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }
}

package network.pot.consensus;

/**
 * Time as consensus sees it: a clock and timers. A timer never runs code on its own thread; it only
 * delivers its {@link Timeout} back to the node through the node's event queue. The simulator
 * implements it over virtual time, the runtime over the system clock.
 */
public interface Scheduler {
  /** Current time in milliseconds (any fixed origin). */
  long nowMillis();

  /** Delivers {@code timeout} to the node after {@code delayMillis}. */
  void schedule(long delayMillis, Timeout timeout);
}

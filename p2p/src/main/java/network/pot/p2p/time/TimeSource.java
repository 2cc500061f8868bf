package network.pot.p2p.time;

/**
 * Monotonic time in milliseconds, injected wherever logic depends on time (rate limits, bans, score
 * decay, dedup expiry) so that tests drive it by hand.
 */
@FunctionalInterface
public interface TimeSource {
  long millis();

  /** The JVM's monotonic clock. */
  static TimeSource system() {
    return () -> System.nanoTime() / 1_000_000L;
  }
}

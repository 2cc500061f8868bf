package network.pot.p2p.peer;

import network.pot.p2p.time.TimeSource;

/**
 * A token bucket: holds at most {@code burst} tokens and refills at {@code ratePerSecond}. A peer
 * spends one token per message; when the bucket is empty the message is dropped and the peer
 * penalized. Thread-safe.
 */
public final class TokenBucket {
  private final double ratePerMilli;
  private final double burst;
  private final TimeSource time;
  private double tokens;
  private long last;

  public TokenBucket(double ratePerSecond, double burst, TimeSource time) {
    if (ratePerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
    }
    this.ratePerMilli = ratePerSecond / 1000.0;
    this.burst = burst;
    this.time = time;
    this.tokens = burst;
    this.last = time.millis();
  }

  /** Takes {@code cost} tokens if available; false (and nothing taken) if not. */
  public synchronized boolean tryTake(double cost) {
    long now = time.millis();
    if (now > last) {
      tokens = Math.min(burst, tokens + (now - last) * ratePerMilli);
      last = now;
    }
    if (tokens < cost) {
      return false;
    }
    tokens -= cost;
    return true;
  }
}

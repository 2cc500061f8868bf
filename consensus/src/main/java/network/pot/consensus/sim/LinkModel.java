package network.pot.consensus.sim;

import java.util.SplittableRandom;

/**
 * The directed links of a simulated network. Each link is a FIFO pipe of fixed capacity: a message
 * starts transmitting when the link is free, occupies it for {@code size / bandwidth}, then travels
 * for a one-way delay drawn from the link's range (so later messages may still overtake earlier
 * ones). Bytes and messages are counted per link. Times in microseconds.
 */
final class LinkModel {
  private final int n;
  private final long[] freeAt;
  private final long[] lowDelay;
  private final long[] highDelay;
  private final long[] bytes;
  private final long[] messages;
  private final double bitsPerMicro;
  private final SplittableRandom rnd;

  LinkModel(SimConfig cfg, SplittableRandom rnd) {
    this.n = cfg.validators();
    this.rnd = rnd;
    this.freeAt = new long[n * n];
    this.lowDelay = new long[n * n];
    this.highDelay = new long[n * n];
    this.bytes = new long[n * n];
    this.messages = new long[n * n];
    this.bitsPerMicro = cfg.bandwidthMbps();
    long min = FaultPlan.ms(cfg.latencyMinMs());
    long max = FaultPlan.ms(cfg.latencyMaxMs());
    for (int l = 0; l < n * n; l++) {
      if (cfg.perLinkLatency() && max > min) {
        long a = min + rnd.nextLong(max - min + 1);
        long b = min + rnd.nextLong(max - min + 1);
        lowDelay[l] = Math.min(a, b);
        highDelay[l] = Math.max(a, b);
      } else {
        lowDelay[l] = min;
        highDelay[l] = max;
      }
    }
  }

  /**
   * Transmits {@code size} bytes from {@code from} to {@code to} at {@code now}; returns arrival.
   */
  long transmit(int from, int to, int size, long now) {
    int l = from * n + to;
    long start = Math.max(now, freeAt[l]);
    long done = start + transmissionMicros(size);
    freeAt[l] = done;
    bytes[l] += size;
    messages[l]++;
    return done + delay(l);
  }

  /** Time to push {@code size} bytes onto one link. */
  long transmissionMicros(int size) {
    return (long) Math.ceil(size * 8.0 / bitsPerMicro);
  }

  /** A fresh one-way delay of the link from {@code from} to {@code to}. */
  long delay(int from, int to) {
    return delay(from * n + to);
  }

  private long delay(int l) {
    long lo = lowDelay[l];
    long hi = highDelay[l];
    return hi > lo ? lo + rnd.nextLong(hi - lo + 1) : lo;
  }

  long totalBytes() {
    long t = 0;
    for (long b : bytes) {
      t += b;
    }
    return t;
  }

  long totalMessages() {
    long t = 0;
    for (long m : messages) {
      t += m;
    }
    return t;
  }

  /** The largest byte count of any single directed link. */
  long maxLinkBytes() {
    long m = 0;
    for (long b : bytes) {
      m = Math.max(m, b);
    }
    return m;
  }
}

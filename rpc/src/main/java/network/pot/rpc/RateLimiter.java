package network.pot.rpc;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per client IP address: each call takes a token; a bucket holds at most {@code
 * burst} tokens and regains {@code perSecond} a second. A client whose bucket is empty is refused
 * until it refills, whatever its connections: HTTP requests and WebSocket messages draw on the same
 * bucket, so opening more connections does not buy more calls. Loopback clients are exempt unless
 * {@code limitLoopback}.
 *
 * <p>Time comes from {@code nanoTime} (tests advance it by hand). Buckets of clients that went
 * quiet are full again and are dropped once there are more than {@link #SWEEP_AT} (or, when all are
 * active, twice as many as the last sweep left), so the map stays about as large as the set of
 * recently active clients and a sweep costs O(1) per new client.
 */
final class RateLimiter {
  /** The message of the JSON-RPC error a refused call gets. */
  static final String REFUSED =
      "rate limit exceeded: too many calls from your address; retry later ([rpc] rate_limit_per_second)";

  /** Bucket count above which full (idle) buckets are swept out. */
  static final int SWEEP_AT = 10_000;

  private final double perNano;
  private final double burst;
  private final boolean limitLoopback;
  private final LongSupplier nanoTime;
  private final Map<InetAddress, Bucket> buckets = new HashMap<>();
  private int sweepAt = SWEEP_AT;

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  RateLimiter(long perSecond, long burst, boolean limitLoopback, LongSupplier nanoTime) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.limitLoopback = limitLoopback;
    this.nanoTime = nanoTime;
  }

  static RateLimiter of(RpcConfig c) {
    return new RateLimiter(
        c.rateLimitPerSecond(), c.rateLimitBurst(), c.rateLimitLoopback(), System::nanoTime);
  }

  /** Takes a token of {@code client}'s bucket: false when it has none (refuse the call). */
  synchronized boolean tryAcquire(InetAddress client) {
    if (client == null || (!limitLoopback && client.isLoopbackAddress())) {
      return true;
    }
    long now = nanoTime.getAsLong();
    Bucket b = buckets.get(client);
    if (b == null) {
      if (buckets.size() >= sweepAt) {
        sweep(now);
        // many clients all active: sweep again only after the map doubles (amortized O(1))
        sweepAt = Math.max(SWEEP_AT, 2 * buckets.size());
      }
      b = new Bucket(burst, now);
      buckets.put(client, b);
    } else {
      refill(b, now);
    }
    if (b.tokens < 1) {
      return false;
    }
    b.tokens -= 1;
    return true;
  }

  /** Seconds until {@code client} has a token again (at least 1: for a Retry-After header). */
  synchronized long retryAfterSeconds(InetAddress client) {
    Bucket b = buckets.get(client);
    if (b == null || b.tokens >= 1) {
      return 1;
    }
    return Math.max(1, (long) Math.ceil((1 - b.tokens) / perNano / 1e9));
  }

  private void refill(Bucket b, long now) {
    b.tokens = Math.min(burst, b.tokens + (now - b.at) * perNano);
    b.at = now;
  }

  private void sweep(long now) {
    buckets
        .values()
        .removeIf(
            b -> {
              refill(b, now);
              return b.tokens >= burst;
            });
  }

  /** Buckets held (for tests). */
  synchronized int clients() {
    return buckets.size();
  }
}

package network.pot.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket per client, on a clock the test moves. */
class RateLimiterTest {
  private final AtomicLong now = new AtomicLong();

  private static InetAddress ip(String a) throws Exception {
    return InetAddress.getByName(a);
  }

  @Test
  void aClientHasItsBurstThenItsRateAndOthersTheirOwn() throws Exception {
    RateLimiter l = new RateLimiter(2, 3, false, now::get);
    InetAddress a = ip("10.0.0.1");
    for (int i = 0; i < 3; i++) {
      assertThat(l.tryAcquire(a)).isTrue();
    }
    assertThat(l.tryAcquire(a)).isFalse();
    assertThat(l.retryAfterSeconds(a)).isEqualTo(1);
    assertThat(l.tryAcquire(ip("10.0.0.2"))).isTrue();
    now.addAndGet(500_000_000L); // half a second: one token at 2 a second
    assertThat(l.tryAcquire(a)).isTrue();
    assertThat(l.tryAcquire(a)).isFalse();
    now.addAndGet(60_000_000_000L); // a minute: full again, never more than the burst
    for (int i = 0; i < 3; i++) {
      assertThat(l.tryAcquire(a)).isTrue();
    }
    assertThat(l.tryAcquire(a)).isFalse();
  }

  @Test
  void loopbackIsExemptUnlessConfigured() throws Exception {
    RateLimiter exempt = new RateLimiter(1, 1, false, now::get);
    RateLimiter limited = new RateLimiter(1, 1, true, now::get);
    for (String lo : new String[] {"127.0.0.1", "127.0.0.9", "::1"}) {
      assertThat(exempt.tryAcquire(ip(lo))).isTrue();
      assertThat(exempt.tryAcquire(ip(lo))).isTrue();
      assertThat(limited.tryAcquire(ip(lo))).isTrue();
      assertThat(limited.tryAcquire(ip(lo))).isFalse();
    }
  }

  @Test
  void bucketsOfQuietClientsAreSweptOut() throws Exception {
    RateLimiter l = new RateLimiter(1, 1, false, now::get);
    for (int i = 0; i < RateLimiter.SWEEP_AT; i++) {
      assertThat(l.tryAcquire(ip("10.1." + (i >> 8) + "." + (i & 255)))).isTrue();
    }
    now.addAndGet(2_000_000_000L);
    assertThat(l.tryAcquire(ip("10.2.0.1"))).isTrue();
    assertThat(l.clients()).isEqualTo(1);
  }
}

package network.pot.p2p.peer;

import static org.assertj.core.api.Assertions.assertThat;

import network.pot.p2p.ManualTime;
import network.pot.p2p.gossip.SeenCache;
import org.junit.jupiter.api.Test;

/** Rate limits, scores, bans and dedup under a hand-driven clock. */
class PeerPolicyTest {
  private final ManualTime time = new ManualTime();

  @Test
  void tokenBucketAllowsTheBurstThenTheRate() {
    TokenBucket b = new TokenBucket(10, 5, time);
    for (int i = 0; i < 5; i++) {
      assertThat(b.tryTake(1)).isTrue();
    }
    assertThat(b.tryTake(1)).isFalse();
    time.advance(100); // 10/s -> one token
    assertThat(b.tryTake(1)).isTrue();
    assertThat(b.tryTake(1)).isFalse();
    time.advance(60_000); // refills only up to the burst
    int taken = 0;
    while (b.tryTake(1)) {
      taken++;
    }
    assertThat(taken).isEqualTo(5);
  }

  @Test
  void penaltiesBanForAPeriodAndScoresRecover() {
    PeerScores s = new PeerScores(time, 10_000, 1.0);
    assertThat(s.penalize("p", Penalty.INVALID_MESSAGE)).isFalse();
    assertThat(s.score("p")).isEqualTo(-25);
    time.advance(5_000);
    assertThat(s.score("p")).isEqualTo(-20);
    time.advance(60_000);
    assertThat(s.score("p")).isZero();
    for (int i = 0; i < 3; i++) {
      assertThat(s.penalize("p", Penalty.INVALID_MESSAGE)).isFalse();
    }
    assertThat(s.penalize("p", Penalty.INVALID_MESSAGE)).isTrue();
    assertThat(s.isBanned("p")).isTrue();
    assertThat(s.isBanned("q")).isFalse();
    time.advance(9_999);
    assertThat(s.isBanned("p")).isTrue();
    time.advance(1);
    assertThat(s.isBanned("p")).isFalse();
    assertThat(s.score("p")).isZero();
    assertThat(s.penalize("q", Penalty.GARBAGE)).isTrue();
  }

  @Test
  void seenCacheDedupsWithinItsWindowAndCapacity() {
    SeenCache c = new SeenCache(3, 1_000, time);
    assertThat(c.add(new byte[] {1})).isTrue();
    assertThat(c.add(new byte[] {1})).isFalse();
    c.add(new byte[] {2});
    c.add(new byte[] {3});
    c.add(new byte[] {4}); // evicts 1, the oldest
    assertThat(c.size()).isEqualTo(3);
    assertThat(c.contains(new byte[] {1})).isFalse();
    assertThat(c.contains(new byte[] {4})).isTrue();
    time.advance(1_000);
    assertThat(c.size()).isEqualTo(3);
    assertThat(c.add(new byte[] {4})).isTrue(); // expired, so new again
    assertThat(c.size()).isEqualTo(1);
  }
}

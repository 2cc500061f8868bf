package network.pot.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import network.pot.chain.state.Params;
import network.pot.consensus.ConsensusConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seven validators, each connected to only its two neighbours on a ring and the one across (degree
 * 3, no full mesh): with consensus relaying what it accepts, every message crosses the graph and
 * the chain finalizes; without relay, no quorum can hear itself and nothing is final.
 */
@Timeout(120)
class PartialMeshTest {
  static final long SEED = 11;
  static final int N = 7;

  private static boolean linked(int a, int b) {
    int d = Math.floorMod(a - b, N);
    return d == 1 || d == N - 1 || d == 3;
  }

  private static LedgerCluster cluster(boolean relay) {
    SplittableRandom rnd = new SplittableRandom(SEED);
    ConsensusConfig config =
        ConsensusConfig.builder()
            .chainId("mesh")
            .epochLength(Params.DEFAULT.epochLength())
            .proposeTimeoutMs(1_000)
            .prevoteTimeoutMs(300)
            .precommitTimeoutMs(300)
            .blockIntervalMs(100)
            .relay(relay)
            .build();
    long[] powers = new long[N];
    java.util.Arrays.fill(powers, 10_000);
    return new LedgerCluster(
        "mesh",
        Params.DEFAULT,
        powers,
        config,
        (from, to, m) -> linked(from, to) ? 5 + rnd.nextLong(11) : -1);
  }

  @Test
  void sevenValidatorsThatEachKnowThreeOthersFinalizeByRelay() {
    LedgerCluster c = cluster(true);
    c.start();
    assertThat(c.runUntilHeight(30, 5_000_000)).as("seed %d: height 30 by relay", SEED).isTrue();
    for (long h = 1; h <= 30; h++) {
      var first = c.member(0).app.chain().block(h).hash();
      for (LedgerCluster.Member m : c.members()) {
        assertThat(m.app.chain().block(h).hash())
            .as("seed %d: height %d", SEED, h)
            .isEqualTo(first);
      }
    }
  }

  @Test
  void withoutRelayThePartialMeshFinalizesNothing() {
    LedgerCluster c = cluster(false);
    c.start();
    assertThat(c.runUntilHeight(1, 500_000)).as("seed %d: no relay, no block", SEED).isFalse();
  }
}

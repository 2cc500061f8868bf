package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.crypto.KeyPair;
import org.junit.jupiter.api.Test;

/**
 * The emission schedule against numbers computed by hand from the formula of {@code
 * docs/proof-of-training.md} (section Emission), and the state machine minting exactly it.
 */
class EmissionScheduleTest {
  /** 1,000 per block, falling 10% every 10 blocks: 1000, 900, 810, 729, 656, 590, ... */
  private static final Params SMALL =
      Params.DEFAULT
          .with("blockReward", 1_000)
          .with("emissionPeriod", 10)
          .with("emissionDecayBps", 1_000)
          .with("epochLength", 1_000);

  private final KeyPair holder = TestChain.key("holder");
  private final KeyPair v1 = TestChain.key("v1");

  private TestChain chain(Params p) {
    Map<KeyPair, Long> balances = new LinkedHashMap<>();
    balances.put(holder, 5_000L);
    return new TestChain(
        TestChain.genesis(p, balances, List.of(v1), 5_000, 0), List.of(v1), FraudProofChecker.NONE);
  }

  @Test
  void theRateFallsByTheDecayEveryPeriodRoundedDown() {
    assertThat(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L).stream().map(k -> Emission.rate(SMALL, k)))
        .containsExactly(1_000L, 900L, 810L, 729L, 656L, 590L, 531L, 477L);
    assertThat(Emission.period(SMALL, 1)).isZero();
    assertThat(Emission.period(SMALL, 10)).isZero();
    assertThat(Emission.period(SMALL, 11)).isEqualTo(1);
    assertThat(Emission.nextChangeHeight(SMALL, 1)).isEqualTo(11);
    assertThat(Emission.nextChangeHeight(SMALL, 11)).isEqualTo(21);
    // the rate reaches zero after finitely many periods and stays there
    assertThat(Emission.rate(SMALL, 200)).isZero();
    assertThat(Emission.nextChangeHeight(SMALL, 2_001)).isZero();
    // without decay the rate is flat and never changes
    assertThat(Emission.rate(SMALL.with("emissionDecayBps", 0), 1_000_000)).isEqualTo(1_000);
    assertThat(Emission.nextChangeHeight(SMALL.with("emissionDecayBps", 0), 5)).isZero();
  }

  @Test
  void theScheduledSumMatchesTheFormula() {
    assertThat(Emission.scheduled(SMALL, 0)).isEqualTo(BigInteger.ZERO);
    assertThat(Emission.scheduled(SMALL, 1)).isEqualTo(BigInteger.valueOf(1_000));
    assertThat(Emission.scheduled(SMALL, 10)).isEqualTo(BigInteger.valueOf(10_000));
    assertThat(Emission.scheduled(SMALL, 15)).isEqualTo(BigInteger.valueOf(10_000 + 5 * 900));
    assertThat(Emission.scheduled(SMALL, 25))
        .isEqualTo(BigInteger.valueOf(10_000 + 9_000 + 5 * 810));
    // the geometric series bounds the total: blockReward * period * 10,000 / decayBps
    assertThat(Emission.scheduled(SMALL, 1_000_000)).isLessThan(BigInteger.valueOf(100_000));
    assertThat(Emission.scheduled(SMALL, 1_000_000)).isEqualTo(Emission.scheduled(SMALL, 5_000));
  }

  @Test
  void theStateMachineMintsTheScheduleUpToTheCap() {
    long genesis = 5_000 + 5_000;
    // the cap is reached in block 28: 23,050 after block 25, then 810 a block, then what is left
    Params p = SMALL.with("supplyCap", genesis + 25_000);
    TestChain c = chain(p);
    Map<Long, Long> expected = new LinkedHashMap<>();
    expected.put(1L, 1_000L);
    expected.put(10L, 10_000L);
    expected.put(11L, 10_900L);
    expected.put(25L, 23_050L);
    expected.put(27L, 24_670L);
    expected.put(28L, 25_000L);
    expected.put(60L, 25_000L);
    for (Map.Entry<Long, Long> e : expected.entrySet()) {
      c.advanceTo(e.getKey());
      long h = e.getKey();
      assertThat(c.state.globals().supply())
          .as("supply at %d", h)
          .isEqualTo(genesis + e.getValue());
      assertThat(Emission.supplyAt(p, genesis, h))
          .as("formula at %d", h)
          .isEqualTo(genesis + e.getValue());
      assertThat(SupplyAudit.of(c.state).balanced()).isTrue();
    }
  }

  @Test
  void theLastBlockBelowTheCapMintsOnlyWhatIsLeft() {
    long genesis = 10_000;
    TestChain c = chain(SMALL.with("supplyCap", genesis + 25_000));
    c.advanceTo(27);
    BlockResult r = c.block();
    assertThat(r.blockEvents())
        .filteredOn(e -> e.type() == Event.Type.MINT)
        .extracting(Event::amount)
        .containsExactly(25_000L - 24_670L);
    assertThat(c.block().blockEvents()).noneMatch(e -> e.type() == Event.Type.MINT);
  }

  @Test
  void theDefaultScheduleOverElevenHundredBlocks() {
    TestChain c = chain(Params.DEFAULT);
    long genesis = c.state.globals().supply();
    // 200,000 a block for 500 blocks, then 180,000, then 162,000
    long[][] expected = {
      {1, 200_000},
      {500, 100_000_000},
      {501, 100_180_000},
      {1_000, 190_000_000},
      {1_100, 206_200_000}
    };
    for (long[] e : expected) {
      c.advanceTo(e[0]);
      assertThat(c.state.globals().supply()).as("supply at %d", e[0]).isEqualTo(genesis + e[1]);
      assertThat(Emission.supplyAt(Params.DEFAULT, genesis, e[0])).isEqualTo(genesis + e[1]);
    }
  }

  @Test
  void aGenesisAboveTheCapMintsNothing() {
    TestChain c = chain(SMALL.with("supplyCap", 9_999));
    c.advanceTo(5);
    assertThat(c.state.globals().supply()).isEqualTo(10_000);
    assertThat(Emission.supplyAt(c.state.params(), 10_000, 5)).isEqualTo(10_000);
  }
}

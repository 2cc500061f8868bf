package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Finding: the power history that double-sign slashes are measured against was pruned by the
 * evidence age in force at the time, so after governance raised the age, evidence it now accepted
 * named heights the history no longer held, and the slash came to nothing; and nothing kept the
 * history within what its decoder reads back.
 */
@Tag("attack")
class EvidenceAgeAttackTest {
  final KeyPair v1 = TestChain.key("v1");

  @Test
  void theHistoryCoversEveryEvidenceAgeGovernanceCanSetWithoutALongerUnbonding() {
    Params p =
        Params.DEFAULT
            .with("epochLength", 5)
            .with("evidenceMaxAge", 10)
            .with("unbondingPeriod", 40);
    p.crossCheck();
    TestChain c =
        new TestChain(
            TestChain.genesis(p, Map.of(v1, 10L), List.of(v1), 10_000, 0),
            List.of(v1),
            FraudProofChecker.NONE);
    c.advanceTo(60);
    PowerHistory h = (PowerHistory) c.state.get(StateKey.POWER_HISTORY);
    // evidenceMaxAge may be raised to 40 (the unbonding period) in one vote: height 21 must be
    // known
    assertThat(h.entries().get(0).from())
        .as("the oldest height the power history covers at height 60")
        .isLessThanOrEqualTo(60 - 40 + 1);
  }

  @Test
  void evidenceOlderThanTheHistoryIsMeasuredByTheOldestKnownPower() {
    Address a = Address.of(v1);
    ActiveSet set = new ActiveSet(List.of(new ActiveSet.Member(a, v1.publicKey(), 500)));
    PowerHistory h =
        new PowerHistory(List.of(new PowerHistory.Entry(20, set), new PowerHistory.Entry(25, set)));
    assertThat(h.powerAt(a, 10)).isEqualTo(500);
  }

  @Test
  void aHistoryLongerThanItsDecoderReadsIsRefused() {
    assertThatThrownBy(
            () ->
                Params.DEFAULT
                    .with("epochLength", 1)
                    .with("evidenceMaxAge", 5_000)
                    .with("unbondingPeriod", 5_000)
                    .crossCheck())
        .hasMessageContaining("power history");
  }
}

package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Finding: jailing could empty the active set (every validator missing from the commits, or the
 * last one tombstoned); consensus cannot build a validator set of nobody and the chain halts. The
 * last members stay in the set (jailed and slashed all the same), and an epoch with no candidate
 * keeps the set it had.
 */
@Tag("attack")
class EmptyActiveSetAttackTest {
  final KeyPair v1 = TestChain.key("v1");
  final KeyPair v2 = TestChain.key("v2");

  @Test
  void missingCommitsNeverJailTheActiveSetEmpty() {
    Params p =
        Params.DEFAULT
            .with("epochLength", 5)
            .with("downtimeWindow", 100)
            .with("maxMissedBlocks", 1)
            .with("downtimeJailBlocks", 1_000);
    TestChain c =
        new TestChain(
            TestChain.genesis(p, Map.of(v1, 10L, v2, 10L), List.of(v1, v2), 10_000, 0),
            List.of(v1, v2),
            FraudProofChecker.NONE);
    c.block();
    for (int h = 2; h <= 12; h++) {
      c.block(List.of());
      assertThat(c.state.validatorSet().members())
          .as("the active set after block %d", h)
          .isNotEmpty();
    }
    Address left = c.state.validatorSet().members().get(0).address();
    assertThat(c.state.validator(left).jailed())
        .as("the last member is jailed and slashed all the same")
        .isTrue();
    assertThat(c.state.validator(left).tokens()).isLessThan(10_000);
  }
}

package network.pot.chain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import org.junit.jupiter.api.Test;

class RevealChainTest {
  private final KeyPair key = KeyPair.deterministic("reveal-test", 0);

  @Test
  void eachValueHashesToTheOneBeforeItDownToTheAnchor() {
    RevealChain c = RevealChain.of(key, 3_000);
    Hash previous = c.anchor();
    for (int i = 1; i <= 3_000; i++) {
      Hash v = c.next(i - 1);
      assertThat(RevealChain.follows(v, previous)).as("value %d follows %d", i, i - 1).isTrue();
      assertThat(v).isEqualTo(c.value(i));
      previous = v;
    }
    assertThatThrownBy(() -> c.next(3_000)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> c.value(3_001)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theChainIsAFunctionOfTheKeyAlone() {
    RevealChain a = RevealChain.of(key, 5_000);
    RevealChain b = RevealChain.of(key, 5_000);
    // read in another order: the kept stretches must not change the values
    assertThat(b.value(4_321)).isEqualTo(a.value(4_321));
    assertThat(b.value(17)).isEqualTo(a.value(17));
    assertThat(b.anchor()).isEqualTo(a.anchor());
    assertThat(RevealChain.of(KeyPair.deterministic("reveal-test", 1), 5_000).anchor())
        .isNotEqualTo(a.anchor());
    assertThat(RevealChain.follows(a.value(2), a.anchor())).as("skipping a value").isFalse();
  }
}

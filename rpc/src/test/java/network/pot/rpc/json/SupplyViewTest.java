package network.pot.rpc.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Params;
import org.junit.jupiter.api.Test;

/** {@code pot_supply}'s view of the emission schedule. */
class SupplyViewTest {
  private static LedgerState genesis(Params p, long balance) {
    KeyPair k = KeyPair.deterministic("supply-view", 0);
    return new Genesis(
            "pot-test",
            0,
            List.of(new Genesis.Allocation(Address.of(k), balance)),
            List.of(new Genesis.InitialValidator(k.publicKey(), 1_000, 0, Hash.ZERO)),
            p)
        .state();
  }

  @Test
  void theDefaultScheduleAtGenesis() {
    ObjectNode s = LedgerViews.supply(genesis(Params.DEFAULT, 9_000));
    assertThat(s.path("supply").asLong()).isEqualTo(10_000);
    assertThat(s.path("conserved").asBoolean()).isTrue();
    assertThat(s.path("cap").asLong()).isEqualTo(3_000_000_000L);
    assertThat(s.path("remaining").asLong()).isEqualTo(3_000_000_000L - 10_000);
    assertThat(s.path("issued_per_block_now").asLong()).isEqualTo(200_000);
    // blocks 1..500 are period 0; from block 501 the rate is 10% lower
    assertThat(s.path("next_change_height").asLong()).isEqualTo(501);
    assertThat(s.path("issued_per_block_next").asLong()).isEqualTo(180_000);
  }

  @Test
  void atTheCapNothingIsMintedAndNothingChanges() {
    ObjectNode s = LedgerViews.supply(genesis(Params.DEFAULT.with("supplyCap", 10_000), 9_000));
    assertThat(s.path("remaining").asLong()).isZero();
    assertThat(s.path("issued_per_block_now").asLong()).isZero();
    assertThat(s.path("next_change_height").isNull()).isTrue();
    assertThat(s.path("issued_per_block_next").isNull()).isTrue();
  }
}

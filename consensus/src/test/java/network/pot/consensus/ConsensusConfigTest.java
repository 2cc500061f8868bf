package network.pot.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsensusConfigTest {
  @Test
  void theDefaultsAreTheDocumentedOnes() {
    ConsensusConfig c = ConsensusConfig.defaults("c");
    assertThat(c)
        .isEqualTo(
            new ConsensusConfig(
                "c", 100, 3000, 1000, 1000, 150, 16, 1000, 3000, 1000, 20_000, 64, 1000, 16 << 20,
                0, false));
    assertThat(ConsensusConfig.builder().chainId("c").build()).isEqualTo(c);
  }

  @Test
  void toBuilderKeepsEveryFieldAndChangesOnlyWhatIsSet() {
    ConsensusConfig c =
        ConsensusConfig.builder()
            .chainId("runtime-test")
            .epochLength(7)
            .proposeTimeoutMs(400)
            .prevoteTimeoutMs(200)
            .precommitTimeoutMs(300)
            .timeoutGrowthPercent(120)
            .maxTimeoutFactor(8)
            .maxRoundLead(50)
            .retransmitMs(500)
            .syncIntervalMs(250)
            .maxFutureMessages(10)
            .maxEvidencePerBlock(16)
            .evidenceMaxAge(99)
            .maxPayloadBytes(1 << 20)
            .blockIntervalMs(100)
            .relay(true)
            .build();
    assertThat(c.toBuilder().build()).isEqualTo(c);
    ConsensusConfig longer = c.toBuilder().epochLength(1_000).build();
    assertThat(longer.epochLength()).isEqualTo(1_000);
    assertThat(longer.toBuilder().epochLength(7).build()).isEqualTo(c);
  }

  @Test
  void buildChecksTheValues() {
    assertThatThrownBy(() -> ConsensusConfig.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chain id");
    assertThatThrownBy(() -> ConsensusConfig.builder().chainId("c").epochLength(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConsensusConfig.builder().chainId("c").blockIntervalMs(3000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("block interval");
  }
}

package network.pot.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import network.pot.consensus.ConsensusConfig;
import org.junit.jupiter.api.Test;

class SimConfigTest {
  @Test
  void ofUsesTheSimulationDefaults() {
    SimConfig c = SimConfig.of(7, 2, 6, 42, EnumSet.of(Fault.DROP));
    assertThat(c)
        .isEqualTo(
            new SimConfig(
                7,
                2,
                6,
                42,
                EnumSet.of(Fault.DROP),
                30,
                300,
                100,
                1024,
                true,
                true,
                SimConfig.simConsensus(),
                300_000,
                0));
    assertThat(SimConfig.simConsensus())
        .isEqualTo(
            ConsensusConfig.defaults("pot-sim").toBuilder()
                .epochLength(4)
                .proposeTimeoutMs(1500)
                .prevoteTimeoutMs(600)
                .precommitTimeoutMs(600)
                .build());
  }

  @Test
  void toBuilderKeepsEveryFieldAndChangesOnlyWhatIsSet() {
    SimConfig c =
        SimConfig.builder()
            .validators(5)
            .byzantine(1)
            .heights(3)
            .seed(9)
            .faults(EnumSet.allOf(Fault.class))
            .latencyMinMs(10)
            .latencyMaxMs(20)
            .bandwidthMbps(30)
            .payloadBytes(40)
            .weightedPower(false)
            .perLinkLatency(false)
            .consensus(ConsensusConfig.defaults("x"))
            .livenessBoundMs(50)
            .build();
    assertThat(c.toBuilder().build()).isEqualTo(c);
    SimConfig other = c.toBuilder().seed(10).build();
    assertThat(other.seed()).isEqualTo(10);
    assertThat(other.toBuilder().seed(9).build()).isEqualTo(c);
  }

  @Test
  void buildChecksTheValues() {
    assertThatThrownBy(() -> SimConfig.builder().validators(3).byzantine(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--byzantine");
    assertThatThrownBy(() -> SimConfig.builder().latencyMinMs(400).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}

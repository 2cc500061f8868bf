package network.pot.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Randomized simulations across fault mixes (more than 100 seeds in all). Every run must keep
 * safety, validity and liveness; a failure message names each failing seed and the command that
 * replays it.
 */
@org.junit.jupiter.api.Timeout(300)
class SimulationTest {
  static final Set<Fault> NETWORK = EnumSet.of(Fault.DROP, Fault.DUPLICATE, Fault.REORDER);
  static final Set<Fault> BYZANTINE =
      EnumSet.of(
          Fault.EQUIVOCATE,
          Fault.CONFLICTING_VOTES,
          Fault.INVALID_PROPOSAL,
          Fault.GARBAGE,
          Fault.SILENT,
          Fault.SELECTIVE_DELAY);

  static SimSuite assertAllHold(SimConfig base, long firstSeed, int count) {
    SimSuite suite = SimSuite.run(base, firstSeed, count, r -> {});
    assertThat(suite.failures()).as("failing seeds").isEmpty();
    assertThat(suite.ok()).isTrue();
    assertThat(suite.heightsCommitted()).isGreaterThanOrEqualTo((long) count * base.heights());
    return suite;
  }

  static Set<Fault> union(Set<Fault> a, Set<Fault> b) {
    Set<Fault> u = EnumSet.noneOf(Fault.class);
    u.addAll(a);
    u.addAll(b);
    return u;
  }

  @Test
  void fourNodesOneByzantineEveryFault() {
    SimSuite s = assertAllHold(SimConfig.of(4, 1, 8, 0, EnumSet.allOf(Fault.class)), 1, 40);
    assertThat(s.evidence()).as("equivocations were detected").isPositive();
  }

  @Test
  void sevenNodesTwoByzantineOnALossyNetwork() {
    assertAllHold(SimConfig.of(7, 2, 6, 0, union(NETWORK, BYZANTINE)), 1_000, 25);
  }

  @Test
  void fiveNodesWithPartitionsAndCrashes() {
    Set<Fault> f = union(NETWORK, EnumSet.of(Fault.PARTITION, Fault.CRASH));
    assertAllHold(SimConfig.of(5, 1, 6, 0, f), 2_000, 25);
  }

  @Test
  void tenNodesThreeByzantineEveryFault() {
    assertAllHold(SimConfig.of(10, 3, 5, 0, EnumSet.allOf(Fault.class)), 3_000, 12);
  }

  /**
   * Seven validators on a ring, each connected to two neighbours on each side (degree 4, not a full
   * mesh): relay carries every message across, through lost and reordered messages and two
   * Byzantine validators that are relays too. What relay needs of the graph: it must stay connected
   * without the Byzantine nodes (here any two removed leave it connected; on a plain ring, two
   * silent nodes cut the honest ones apart and nothing is final).
   */
  @Test
  void sevenNodesOnARingFinalizeByRelayUnderFaults() {
    SimConfig ring =
        SimConfig.of(7, 2, 6, 0, union(NETWORK, BYZANTINE)).toBuilder()
            .consensus(SimConfig.simConsensus().toBuilder().relay(true).build())
            .ringNeighbours(2)
            .build();
    assertAllHold(ring, 5_000, 12);
    SimConfig noRelay =
        ring.toBuilder().consensus(SimConfig.simConsensus()).ringNeighbours(0).build();
    assertThat(noRelay.linked(0, 3)).isTrue();
    assertThat(ring.linked(0, 3)).isFalse();
    assertThat(ring.linked(0, 6)).isTrue();
  }

  @Test
  void equivocatorsAreCaughtAndTheirEvidenceVerifies() {
    SimSuite s = assertAllHold(SimConfig.of(4, 1, 6, 0, EnumSet.of(Fault.EQUIVOCATE)), 4_000, 5);
    assertThat(s.evidence()).isPositive();
  }

  @Test
  void theLivenessCheckFailsARunThatCannotFinishInItsBound() {
    SimConfig base = SimConfig.of(4, 0, 50, 5, EnumSet.noneOf(Fault.class));
    SimConfig tooTight = base.toBuilder().livenessBoundMs(2_000).build();
    SimResult r = Simulation.run(tooTight);
    assertThat(r.livenessFailure()).isTrue();
    assertThat(r.failure()).contains("liveness").contains("[node 0 h=");
    assertThat(r.safetyViolations()).isZero();
  }

  @Test
  void aRunIsAPureFunctionOfItsSeed() {
    SimConfig cfg = SimConfig.of(5, 1, 5, 77, EnumSet.allOf(Fault.class));
    SimResult a = Simulation.run(cfg);
    SimResult b = Simulation.run(cfg);
    assertThat(b.messages()).isEqualTo(a.messages());
    assertThat(b.bytes()).isEqualTo(a.bytes());
    assertThat(b.finalityMs()).isEqualTo(a.finalityMs());
    assertThat(b.simulatedMs()).isEqualTo(a.simulatedMs());
    assertThat(b.rejections()).isEqualTo(a.rejections());
    SimResult c = Simulation.run(cfg.toBuilder().seed(78).build());
    assertThat(c.bytes()).isNotEqualTo(a.bytes());
  }
}

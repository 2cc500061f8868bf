package network.pot.consensus.sim;

import java.util.EnumSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The long randomized suite (mvn -Plong verify): 10,000 seeds across sizes and fault mixes. */
@Tag("long")
class LongSimulationTest {
  @Test
  void tenThousandSeeds() {
    EnumSet<Fault> all = EnumSet.allOf(Fault.class);
    SimulationTest.assertAllHold(SimConfig.of(4, 1, 8, 0, all), 100_000, 4_000);
    SimulationTest.assertAllHold(SimConfig.of(5, 1, 6, 0, all), 200_000, 2_000);
    SimulationTest.assertAllHold(SimConfig.of(7, 2, 6, 0, all), 300_000, 2_000);
    SimulationTest.assertAllHold(
        SimConfig.of(
            7, 2, 6, 0, SimulationTest.union(SimulationTest.NETWORK, SimulationTest.BYZANTINE)),
        400_000,
        1_500);
    SimulationTest.assertAllHold(SimConfig.of(10, 3, 5, 0, all), 500_000, 500);
  }
}

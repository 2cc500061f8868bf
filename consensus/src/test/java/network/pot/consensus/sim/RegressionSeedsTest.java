package network.pot.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * Seeds of the long suite that once failed liveness: a node locked in a round the others never saw
 * (fixed by announcing the lock and re-proposing the latest known polka), and nodes stuck on a
 * height whose last precommit came from a node that had moved on (fixed by answering old-height
 * messages with the committed block); and rounds that kept failing on a lossy network because
 * retransmission backed off with the timeouts (fixed by retransmitting at a fixed interval); and a
 * node back from a crash that never learned the others were in the next epoch, since messages it
 * could not verify no longer told it so (fixed by believing a later epoch's heights unverified, as
 * at a boundary). Each must now pass.
 */
class RegressionSeedsTest {
  private static final long[][] CASES = {
    {4, 1, 8, 100077}, {4, 1, 8, 100290}, {4, 1, 8, 100554}, {4, 1, 8, 100727},
    {4, 1, 8, 101371}, {4, 1, 8, 101876}, {4, 1, 8, 102042}, {4, 1, 8, 102067},
    {4, 1, 8, 102364}, {4, 1, 8, 102509}, {4, 1, 8, 103285}, {4, 1, 8, 103402},
    {4, 1, 8, 103898}, {5, 1, 6, 200202}, {7, 2, 6, 300173}, {7, 2, 6, 300232},
    {7, 2, 6, 300845}, {4, 1, 8, 259}, {4, 1, 8, 935}
  };

  @Test
  void onceFailingSeedsPass() {
    for (long[] c : CASES) {
      SimConfig cfg =
          SimConfig.of((int) c[0], (int) c[1], (int) c[2], c[3], EnumSet.allOf(Fault.class));
      SimResult r = Simulation.run(cfg);
      assertThat(r.ok())
          .as("seed %d: %s | replay: %s", c[3], r.failure(), cfg.replayCommand())
          .isTrue();
    }
  }
}

package network.pot.consensus.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one configuration over consecutive seeds and sums up: what {@code pot sim consensus} prints,
 * and what the randomized test suites assert on.
 *
 * @param runs simulations run
 * @param safetyViolations total over runs
 * @param validityViolations total over runs
 * @param livenessFailures runs in which some honest node missed the target height
 * @param heightsCommitted sum over runs of the height every honest node reached
 * @param medianFinalityMs median over all runs, heights and honest nodes (simulated time)
 * @param evidence double-signing incidents detected, summed over runs
 * @param failures one line per failed run: its seed, what failed, and the replay command
 */
public record SimSuite(
    int runs,
    int safetyViolations,
    int validityViolations,
    int livenessFailures,
    long heightsCommitted,
    double medianFinalityMs,
    long evidence,
    long bytes,
    List<String> failures) {

  /** Runs {@code base} with seeds {@code firstSeed .. firstSeed + count - 1}. */
  public static SimSuite run(SimConfig base, long firstSeed, int count, Consumer<SimResult> each) {
    int safety = 0;
    int validity = 0;
    int liveness = 0;
    long heights = 0;
    long evidence = 0;
    long bytes = 0;
    List<Double> finality = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SimConfig cfg = base.toBuilder().seed(firstSeed + i).build();
      SimResult r = Simulation.run(cfg);
      safety += r.safetyViolations();
      validity += r.validityViolations();
      liveness += r.livenessFailure() ? 1 : 0;
      heights += r.minHeight();
      evidence += r.evidence();
      bytes += r.bytes();
      finality.addAll(r.finalityMs());
      if (!r.ok()) {
        failures.add(
            "seed " + cfg.seed() + " failed: " + r.failure() + " | replay: " + cfg.replayCommand());
      }
      each.accept(r);
    }
    return new SimSuite(
        count,
        safety,
        validity,
        liveness,
        heights,
        SimResult.median(finality),
        evidence,
        bytes,
        List.copyOf(failures));
  }

  /** True when every run kept safety, validity and liveness. */
  public boolean ok() {
    return safetyViolations == 0 && validityViolations == 0 && livenessFailures == 0;
  }
}

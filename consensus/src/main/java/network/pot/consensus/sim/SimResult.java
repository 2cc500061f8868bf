package network.pot.consensus.sim;

import java.util.List;
import java.util.Map;
import network.pot.consensus.Rejection;

/**
 * The outcome of one simulated run.
 *
 * @param config what was run (its {@link SimConfig#replayCommand()} replays it)
 * @param safetyViolations heights at which two honest nodes committed different blocks
 * @param validityViolations committed blocks that fail the validity check or their certificate
 * @param livenessFailure true when some honest node had not reached the target height in time
 * @param minHeight the lowest height every honest node committed
 * @param finalityMs per (honest node, height): commit time minus the first honest entry into it
 * @param proposalToCommitMs per (honest node, height): commit time minus the first proposal
 *     broadcast at that height
 * @param proposalBytes size of the largest proposal message sent
 * @param messages messages put on links
 * @param bytes bytes put on links
 * @param evidence distinct double-signing incidents detected by honest nodes
 * @param rejections messages honest nodes rejected, by reason
 * @param simulatedMs simulated time at the end of the run
 * @param failure a description of what went wrong, empty when nothing did
 */
public record SimResult(
    SimConfig config,
    int safetyViolations,
    int validityViolations,
    boolean livenessFailure,
    long minHeight,
    List<Double> finalityMs,
    List<Double> proposalToCommitMs,
    long proposalBytes,
    long messages,
    long bytes,
    int evidence,
    Map<Rejection, Long> rejections,
    long simulatedMs,
    String failure) {

  /** True when safety, validity and liveness all held. */
  public boolean ok() {
    return safetyViolations == 0 && validityViolations == 0 && !livenessFailure;
  }

  /** The median of {@code xs} (NaN when empty). */
  public static double median(List<Double> xs) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }
}

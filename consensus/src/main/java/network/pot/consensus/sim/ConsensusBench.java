package network.pot.consensus.sim;

import network.pot.consensus.ConsensusConfig;

/**
 * The finality benchmark: a fault-free network of equal-power validators, per-message delays drawn
 * uniformly from a range, every directed link with the same bandwidth, and blocks of {@code txs}
 * transactions of {@code txBytes} each. Times are simulated network time.
 *
 * <p>The lower bound is what a protocol with three message phases needs: moving the block across
 * one link, then three one-way delays, taken at their mean {@code (min + max) / 2}. It bounds the
 * typical node, not every node: with random delays a node whose quorum happens to arrive early can
 * beat it (most visibly at N = 4, where a quorum of the other three is two of them).
 *
 * @param validators number of validators
 * @param heights heights measured
 * @param finalityMs median over (node, height) of commit time minus proposal broadcast
 * @param meanFinalityMs mean of the same samples
 * @param heightMs mean simulated time per height (throughput view)
 * @param messages messages put on links per height
 * @param bytes bytes put on links per height
 * @param proposalBytes size of one proposal message (the block on the wire)
 * @param lowerBoundMs the bound described above
 * @param blockTransferMs moving the proposal across one link
 * @param oneWayDelayMs the mean one-way delay used in the bound
 */
public record ConsensusBench(
    int validators,
    int heights,
    double finalityMs,
    double meanFinalityMs,
    double heightMs,
    long messages,
    long bytes,
    long proposalBytes,
    double lowerBoundMs,
    double blockTransferMs,
    double oneWayDelayMs) {

  /** Runs the benchmark. */
  public static ConsensusBench run(
      int validators,
      int latencyMinMs,
      int latencyMaxMs,
      double bandwidthMbps,
      int txs,
      int txBytes,
      int heights,
      long seed) {
    if (txs < 0 || txBytes < 1) {
      throw new IllegalArgumentException("--txs must be >= 0 and --tx-bytes >= 1");
    }
    long payload = Math.multiplyExact((long) txs, (long) txBytes);
    ConsensusConfig consensus = ConsensusConfig.defaults("pot-bench");
    if (payload > consensus.maxPayloadBytes() - SimApplication.OVERHEAD) {
      throw new IllegalArgumentException("a block of " + payload + " bytes is too large");
    }
    SimConfig cfg =
        SimConfig.builder()
            .validators(validators)
            .heights(heights)
            .seed(seed)
            .weightedPower(false)
            .consensus(consensus.toBuilder().epochLength(1_000_000).build())
            .latencyMinMs(latencyMinMs)
            .latencyMaxMs(latencyMaxMs)
            .bandwidthMbps(bandwidthMbps)
            .payloadBytes((int) payload)
            .perLinkLatency(false)
            .build();
    SimResult r = Simulation.run(cfg);
    if (!r.ok()) {
      throw new IllegalStateException("benchmark run failed: " + r.failure());
    }
    double transfer = r.proposalBytes() * 8.0 / bandwidthMbps / 1000.0;
    double delay = (latencyMinMs + latencyMaxMs) / 2.0;
    double mean =
        r.proposalToCommitMs().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    return new ConsensusBench(
        validators,
        heights,
        SimResult.median(r.proposalToCommitMs()),
        mean,
        (double) r.simulatedMs() / heights,
        r.messages() / heights,
        r.bytes() / heights,
        r.proposalBytes(),
        transfer + 3 * delay,
        transfer,
        delay);
  }

  /** Finality divided by the lower bound. */
  public double ratioToBound() {
    return finalityMs / lowerBoundMs;
  }
}

package network.pot.consensus.sim;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import network.pot.consensus.ConsensusConfig;

/**
 * One simulated run: the network of {@code validators} nodes ({@code byzantine} of them Byzantine),
 * the seed everything random derives from, the faults to inject, the link model and the consensus
 * parameters.
 *
 * @param validators number of nodes, each with a validator key
 * @param byzantine number of Byzantine nodes; their power is kept below one third
 * @param heights every honest node must commit this many heights
 * @param seed the seed of every random choice (the run is a pure function of this config)
 * @param faults faults and Byzantine behaviours to draw from
 * @param latencyMinMs smallest one-way delay of a message
 * @param latencyMaxMs largest one-way delay of a message
 * @param bandwidthMbps capacity of each directed link
 * @param payloadBytes size of each block's application payload
 * @param weightedPower draw different voting powers (and set changes) per epoch; else all 1
 * @param perLinkLatency give each link its own sub-range of the latency range
 * @param consensus the consensus parameters
 * @param livenessBoundMs after the last fault heals, every honest node must reach {@code heights}
 *     within this much simulated time
 */
public record SimConfig(
    int validators,
    int byzantine,
    int heights,
    long seed,
    Set<Fault> faults,
    int latencyMinMs,
    int latencyMaxMs,
    double bandwidthMbps,
    int payloadBytes,
    boolean weightedPower,
    boolean perLinkLatency,
    ConsensusConfig consensus,
    long livenessBoundMs) {

  /** Checks the parameters. */
  public SimConfig {
    if (validators < 1) {
      throw new IllegalArgumentException("--validators must be at least 1");
    }
    if (byzantine < 0 || 3 * byzantine >= validators) {
      throw new IllegalArgumentException(
          "--byzantine must be below one third of the validators (got "
              + byzantine
              + " of "
              + validators
              + ")");
    }
    if (heights < 1) {
      throw new IllegalArgumentException("--heights must be at least 1");
    }
    if (latencyMinMs < 0 || latencyMaxMs < latencyMinMs) {
      throw new IllegalArgumentException("latency range must satisfy 0 <= MIN <= MAX");
    }
    if (!(bandwidthMbps > 0) || Double.isInfinite(bandwidthMbps)) {
      throw new IllegalArgumentException("bandwidth must be positive");
    }
    if (payloadBytes < 0 || payloadBytes > consensus.maxPayloadBytes() - SimApplication.OVERHEAD) {
      throw new IllegalArgumentException("payload size out of range: " + payloadBytes);
    }
    faults =
        Collections.unmodifiableSet(
            faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults));
  }

  /** The consensus parameters simulations use: short epochs, timeouts suited to WAN latency. */
  public static ConsensusConfig simConsensus() {
    return ConsensusConfig.defaults("pot-sim").withEpochLength(4).withTimeouts(1500, 600, 600);
  }

  /** A randomized-fault run with the simulation defaults. */
  public static SimConfig of(int validators, int byzantine, int heights, long seed, Set<Fault> f) {
    return new SimConfig(
        validators,
        byzantine,
        heights,
        seed,
        f.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(f),
        30,
        300,
        100,
        1024,
        true,
        true,
        simConsensus(),
        300_000);
  }

  /** The same run with another seed. */
  public SimConfig withSeed(long s) {
    return new SimConfig(
        validators,
        byzantine,
        heights,
        s,
        faults,
        latencyMinMs,
        latencyMaxMs,
        bandwidthMbps,
        payloadBytes,
        weightedPower,
        perLinkLatency,
        consensus,
        livenessBoundMs);
  }

  /** The same run over another network. */
  public SimConfig withNetwork(int minMs, int maxMs, double mbps, int payload, boolean perLink) {
    return new SimConfig(
        validators,
        byzantine,
        heights,
        seed,
        faults,
        minMs,
        maxMs,
        mbps,
        payload,
        weightedPower,
        perLink,
        consensus,
        livenessBoundMs);
  }

  /** The same run with equal voting power (1 each) and a fixed validator set. */
  public SimConfig withEqualPower() {
    return new SimConfig(
        validators,
        byzantine,
        heights,
        seed,
        faults,
        latencyMinMs,
        latencyMaxMs,
        bandwidthMbps,
        payloadBytes,
        false,
        perLinkLatency,
        consensus,
        livenessBoundMs);
  }

  /** The same run with other consensus parameters. */
  public SimConfig withConsensus(ConsensusConfig c) {
    return new SimConfig(
        validators,
        byzantine,
        heights,
        seed,
        faults,
        latencyMinMs,
        latencyMaxMs,
        bandwidthMbps,
        payloadBytes,
        weightedPower,
        perLinkLatency,
        c,
        livenessBoundMs);
  }

  /** The command that replays exactly this run. */
  public String replayCommand() {
    return "pot sim consensus --validators "
        + validators
        + " --byzantine "
        + byzantine
        + " --heights "
        + heights
        + " --faults "
        + Fault.toList(faults)
        + " --latency-ms "
        + latencyMinMs
        + ":"
        + latencyMaxMs
        + " --bandwidth-mbps "
        + bandwidthMbps
        + " --payload-bytes "
        + payloadBytes
        + " --seeds 1 --first-seed "
        + seed;
  }
}

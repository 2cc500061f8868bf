package network.pot.consensus.sim;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import network.pot.consensus.ConsensusConfig;

/**
 * One simulated run: the network of {@code validators} nodes ({@code byzantine} of them Byzantine),
 * the seed everything random derives from, the faults to inject, the link model and the consensus
 * parameters. Build one with {@link #builder()} or {@link #of}; vary one with {@code
 * toBuilder().x(..).build()}.
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
 * @param ringNeighbours 0 for a full mesh; else each validator is connected only to this many
 *     neighbours on each side of a ring, and messages cross the rest by consensus relay
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
    long livenessBoundMs,
    int ringNeighbours) {

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
    if (ringNeighbours < 0) {
      throw new IllegalArgumentException("--ring must not be negative");
    }
    if (ringNeighbours > 0 && !consensus.relay()) {
      throw new IllegalArgumentException("a partial mesh (--ring) needs consensus relay");
    }
    faults =
        Collections.unmodifiableSet(
            faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults));
  }

  /**
   * Whether validators {@code a} and {@code b} are connected: always in a full mesh ({@code
   * ringNeighbours} 0), else when they are at most {@code ringNeighbours} apart on a ring.
   */
  public boolean linked(int a, int b) {
    if (ringNeighbours == 0) {
      return true;
    }
    int d = Math.floorMod(a - b, validators);
    return Math.min(d, validators - d) <= ringNeighbours;
  }

  /** The consensus parameters simulations use: short epochs, timeouts suited to WAN latency. */
  public static ConsensusConfig simConsensus() {
    return ConsensusConfig.builder()
        .chainId("pot-sim")
        .epochLength(4)
        .proposeTimeoutMs(1500)
        .prevoteTimeoutMs(600)
        .precommitTimeoutMs(600)
        .build();
  }

  /** A randomized-fault run with the simulation defaults for everything else. */
  public static SimConfig of(int validators, int byzantine, int heights, long seed, Set<Fault> f) {
    return builder()
        .validators(validators)
        .byzantine(byzantine)
        .heights(heights)
        .seed(seed)
        .faults(f)
        .build();
  }

  /** A builder holding the simulation defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this run's values. */
  public Builder toBuilder() {
    return new Builder()
        .validators(validators)
        .byzantine(byzantine)
        .heights(heights)
        .seed(seed)
        .faults(faults)
        .latencyMinMs(latencyMinMs)
        .latencyMaxMs(latencyMaxMs)
        .bandwidthMbps(bandwidthMbps)
        .payloadBytes(payloadBytes)
        .weightedPower(weightedPower)
        .perLinkLatency(perLinkLatency)
        .consensus(consensus)
        .livenessBoundMs(livenessBoundMs)
        .ringNeighbours(ringNeighbours);
  }

  /**
   * Builds a {@link SimConfig} by name. Every field starts at its default (the one place the
   * simulation defaults are written): 4 validators, none Byzantine, 10 heights, seed 1, no faults,
   * 30 to 300 ms per-link latency, 100 Mbps, 1024-byte payloads, weighted power, {@link
   * #simConsensus()}, a liveness bound of 300 s.
   */
  public static final class Builder {
    private int validators = 4;
    private int byzantine = 0;
    private int heights = 10;
    private long seed = 1;
    private Set<Fault> faults = EnumSet.noneOf(Fault.class);
    private int latencyMinMs = 30;
    private int latencyMaxMs = 300;
    private double bandwidthMbps = 100;
    private int payloadBytes = 1024;
    private boolean weightedPower = true;
    private boolean perLinkLatency = true;
    private ConsensusConfig consensus = simConsensus();
    private long livenessBoundMs = 300_000;
    private int ringNeighbours = 0;

    private Builder() {}

    /** See {@link SimConfig#validators()}. */
    public Builder validators(int validators) {
      this.validators = validators;
      return this;
    }

    /** See {@link SimConfig#byzantine()}. */
    public Builder byzantine(int byzantine) {
      this.byzantine = byzantine;
      return this;
    }

    /** See {@link SimConfig#heights()}. */
    public Builder heights(int heights) {
      this.heights = heights;
      return this;
    }

    /** See {@link SimConfig#seed()}. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** See {@link SimConfig#faults()}. */
    public Builder faults(Set<Fault> faults) {
      this.faults = faults;
      return this;
    }

    /** See {@link SimConfig#latencyMinMs()}. */
    public Builder latencyMinMs(int latencyMinMs) {
      this.latencyMinMs = latencyMinMs;
      return this;
    }

    /** See {@link SimConfig#latencyMaxMs()}. */
    public Builder latencyMaxMs(int latencyMaxMs) {
      this.latencyMaxMs = latencyMaxMs;
      return this;
    }

    /** See {@link SimConfig#bandwidthMbps()}. */
    public Builder bandwidthMbps(double bandwidthMbps) {
      this.bandwidthMbps = bandwidthMbps;
      return this;
    }

    /** See {@link SimConfig#payloadBytes()}. */
    public Builder payloadBytes(int payloadBytes) {
      this.payloadBytes = payloadBytes;
      return this;
    }

    /** See {@link SimConfig#weightedPower()}; false gives every validator power 1 in one set. */
    public Builder weightedPower(boolean weightedPower) {
      this.weightedPower = weightedPower;
      return this;
    }

    /** See {@link SimConfig#perLinkLatency()}. */
    public Builder perLinkLatency(boolean perLinkLatency) {
      this.perLinkLatency = perLinkLatency;
      return this;
    }

    /** See {@link SimConfig#consensus()}. */
    public Builder consensus(ConsensusConfig consensus) {
      this.consensus = consensus;
      return this;
    }

    /** See {@link SimConfig#livenessBoundMs()}. */
    public Builder livenessBoundMs(long livenessBoundMs) {
      this.livenessBoundMs = livenessBoundMs;
      return this;
    }

    /**
     * See {@link SimConfig#ringNeighbours()}: each validator linked only to this many on each side
     * of a ring (0, the default, for a full mesh).
     */
    public Builder ringNeighbours(int ringNeighbours) {
      this.ringNeighbours = ringNeighbours;
      return this;
    }

    /** The run's config; throws {@link IllegalArgumentException} for bad values. */
    public SimConfig build() {
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
          consensus,
          livenessBoundMs,
          ringNeighbours);
    }
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
        + (ringNeighbours > 0 ? " --ring " + ringNeighbours : "")
        + (consensus.relay() && ringNeighbours == 0 ? " --relay" : "")
        + " --seeds 1 --first-seed "
        + seed;
  }
}

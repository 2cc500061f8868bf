package network.pot.consensus;

/**
 * Consensus parameters. Build one with {@link #builder()} (every parameter named, defaults in
 * {@link Builder}) or {@link #defaults(String)}; change one with {@code toBuilder().x(..).build()}.
 *
 * @param chainId signed into every statement, so signatures cannot be replayed across chains
 * @param epochLength heights per epoch; the validator set changes only between epochs
 * @param proposeTimeoutMs round-0 wait for a proposal (must cover moving a block across a link)
 * @param prevoteTimeoutMs round-0 wait after a quorum of mixed prevotes
 * @param precommitTimeoutMs round-0 wait after a quorum of mixed precommits
 * @param timeoutGrowthPercent each further round multiplies the timeouts by this percentage
 * @param maxTimeoutFactor cap on the backoff multiplier
 * @param maxRoundLead messages for rounds further ahead than this are rejected (memory bound)
 * @param retransmitMs a node stuck in one round this long re-sends its messages of the round
 * @param syncIntervalMs minimum gap between block-sync requests, and between answers to one peer
 * @param maxFutureMessages messages for the next height buffered until the node gets there
 * @param maxEvidencePerBlock evidence a proposer puts in one block
 * @param evidenceMaxAge evidence older than this many heights is not accepted in a block
 * @param maxPayloadBytes largest application payload accepted
 * @param blockIntervalMs a proposer waits this long after entering a height before proposing in
 *     round 0, so that an idle network does not produce empty blocks back to back (Tendermint's
 *     commit timeout); 0 proposes at once. Must be below the propose timeout.
 * @param relay forward every proposal and vote this node accepts for the first time to its other
 *     peers ({@link Network#relay}), so that validators need not all be connected to each other: a
 *     message crosses any connected peer graph, each node sending it on once
 */
public record ConsensusConfig(
    String chainId,
    long epochLength,
    long proposeTimeoutMs,
    long prevoteTimeoutMs,
    long precommitTimeoutMs,
    int timeoutGrowthPercent,
    int maxTimeoutFactor,
    int maxRoundLead,
    long retransmitMs,
    long syncIntervalMs,
    int maxFutureMessages,
    int maxEvidencePerBlock,
    long evidenceMaxAge,
    int maxPayloadBytes,
    long blockIntervalMs,
    boolean relay) {

  /** Validates the parameters. */
  public ConsensusConfig {
    if (chainId.isEmpty() || epochLength < 1 || proposeTimeoutMs < 1 || prevoteTimeoutMs < 1) {
      throw new IllegalArgumentException("bad consensus config");
    }
    if (precommitTimeoutMs < 1 || timeoutGrowthPercent < 100 || maxTimeoutFactor < 1) {
      throw new IllegalArgumentException("bad consensus timeouts");
    }
    if (retransmitMs < 1 || syncIntervalMs < 1) {
      throw new IllegalArgumentException("bad consensus retry intervals");
    }
    if (maxRoundLead < 1 || maxFutureMessages < 0 || maxPayloadBytes < 0 || evidenceMaxAge < 1) {
      throw new IllegalArgumentException("bad consensus limits");
    }
    if (blockIntervalMs < 0 || blockIntervalMs >= proposeTimeoutMs) {
      throw new IllegalArgumentException("block interval must be in [0, propose timeout)");
    }
  }

  /** The defaults for chain {@code chainId}. */
  public static ConsensusConfig defaults(String chainId) {
    return builder().chainId(chainId).build();
  }

  /** A builder holding the defaults; only the chain id has none and must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    return new Builder()
        .chainId(chainId)
        .epochLength(epochLength)
        .proposeTimeoutMs(proposeTimeoutMs)
        .prevoteTimeoutMs(prevoteTimeoutMs)
        .precommitTimeoutMs(precommitTimeoutMs)
        .timeoutGrowthPercent(timeoutGrowthPercent)
        .maxTimeoutFactor(maxTimeoutFactor)
        .maxRoundLead(maxRoundLead)
        .retransmitMs(retransmitMs)
        .syncIntervalMs(syncIntervalMs)
        .maxFutureMessages(maxFutureMessages)
        .maxEvidencePerBlock(maxEvidencePerBlock)
        .evidenceMaxAge(evidenceMaxAge)
        .maxPayloadBytes(maxPayloadBytes)
        .blockIntervalMs(blockIntervalMs)
        .relay(relay);
  }

  /**
   * Builds a {@link ConsensusConfig} by name. Every field starts at its default (the one place the
   * defaults are written); {@link #build()} checks the result like the constructor does.
   */
  public static final class Builder {
    private String chainId;
    private long epochLength = 100;
    private long proposeTimeoutMs = 3000;
    private long prevoteTimeoutMs = 1000;
    private long precommitTimeoutMs = 1000;
    private int timeoutGrowthPercent = 150;
    private int maxTimeoutFactor = 16;
    private int maxRoundLead = 1000;
    private long retransmitMs = 3000;
    private long syncIntervalMs = 1000;
    private int maxFutureMessages = 20_000;
    private int maxEvidencePerBlock = 64;
    private long evidenceMaxAge = 1000;
    private int maxPayloadBytes = 16 << 20;
    private long blockIntervalMs = 0;
    private boolean relay = false;

    private Builder() {}

    /** See {@link ConsensusConfig#chainId()}; required. */
    public Builder chainId(String chainId) {
      this.chainId = chainId;
      return this;
    }

    /** See {@link ConsensusConfig#epochLength()}; default 100. */
    public Builder epochLength(long epochLength) {
      this.epochLength = epochLength;
      return this;
    }

    /** See {@link ConsensusConfig#proposeTimeoutMs()}; default 3000. */
    public Builder proposeTimeoutMs(long proposeTimeoutMs) {
      this.proposeTimeoutMs = proposeTimeoutMs;
      return this;
    }

    /** See {@link ConsensusConfig#prevoteTimeoutMs()}; default 1000. */
    public Builder prevoteTimeoutMs(long prevoteTimeoutMs) {
      this.prevoteTimeoutMs = prevoteTimeoutMs;
      return this;
    }

    /** See {@link ConsensusConfig#precommitTimeoutMs()}; default 1000. */
    public Builder precommitTimeoutMs(long precommitTimeoutMs) {
      this.precommitTimeoutMs = precommitTimeoutMs;
      return this;
    }

    /** See {@link ConsensusConfig#timeoutGrowthPercent()}; default 150. */
    public Builder timeoutGrowthPercent(int timeoutGrowthPercent) {
      this.timeoutGrowthPercent = timeoutGrowthPercent;
      return this;
    }

    /** See {@link ConsensusConfig#maxTimeoutFactor()}; default 16. */
    public Builder maxTimeoutFactor(int maxTimeoutFactor) {
      this.maxTimeoutFactor = maxTimeoutFactor;
      return this;
    }

    /** See {@link ConsensusConfig#maxRoundLead()}; default 1000. */
    public Builder maxRoundLead(int maxRoundLead) {
      this.maxRoundLead = maxRoundLead;
      return this;
    }

    /** See {@link ConsensusConfig#retransmitMs()}; default 3000. */
    public Builder retransmitMs(long retransmitMs) {
      this.retransmitMs = retransmitMs;
      return this;
    }

    /** See {@link ConsensusConfig#syncIntervalMs()}; default 1000. */
    public Builder syncIntervalMs(long syncIntervalMs) {
      this.syncIntervalMs = syncIntervalMs;
      return this;
    }

    /** See {@link ConsensusConfig#maxFutureMessages()}; default 20,000. */
    public Builder maxFutureMessages(int maxFutureMessages) {
      this.maxFutureMessages = maxFutureMessages;
      return this;
    }

    /** See {@link ConsensusConfig#maxEvidencePerBlock()}; default 64. */
    public Builder maxEvidencePerBlock(int maxEvidencePerBlock) {
      this.maxEvidencePerBlock = maxEvidencePerBlock;
      return this;
    }

    /** See {@link ConsensusConfig#evidenceMaxAge()}; default 1000. */
    public Builder evidenceMaxAge(long evidenceMaxAge) {
      this.evidenceMaxAge = evidenceMaxAge;
      return this;
    }

    /** See {@link ConsensusConfig#maxPayloadBytes()}; default 16 MiB. */
    public Builder maxPayloadBytes(int maxPayloadBytes) {
      this.maxPayloadBytes = maxPayloadBytes;
      return this;
    }

    /** See {@link ConsensusConfig#blockIntervalMs()}; default 0 (propose at once). */
    public Builder blockIntervalMs(long blockIntervalMs) {
      this.blockIntervalMs = blockIntervalMs;
      return this;
    }

    /** See {@link ConsensusConfig#relay()}; default false (a full mesh needs none). */
    public Builder relay(boolean relay) {
      this.relay = relay;
      return this;
    }

    /** The config; throws {@link IllegalArgumentException} for a missing chain id or bad values. */
    public ConsensusConfig build() {
      if (chainId == null) {
        throw new IllegalArgumentException("a consensus config needs a chain id");
      }
      return new ConsensusConfig(
          chainId,
          epochLength,
          proposeTimeoutMs,
          prevoteTimeoutMs,
          precommitTimeoutMs,
          timeoutGrowthPercent,
          maxTimeoutFactor,
          maxRoundLead,
          retransmitMs,
          syncIntervalMs,
          maxFutureMessages,
          maxEvidencePerBlock,
          evidenceMaxAge,
          maxPayloadBytes,
          blockIntervalMs,
          relay);
    }
  }

  /** Largest encoded message accepted: the payload plus room for certificates and evidence. */
  public int maxMessageBytes() {
    return maxPayloadBytes + (4 << 20);
  }

  /**
   * The timeout of {@code kind} in {@code round}, with backoff. Retransmission does not back off:
   * the step timeouts must outgrow the time it takes to get a lost message through, so that
   * eventually every round is long enough for a quorum to hear each other.
   */
  public long timeoutMs(Timeout.Kind kind, int round) {
    if (kind == Timeout.Kind.RETRANSMIT) {
      return retransmitMs;
    }
    if (kind == Timeout.Kind.BUILD) {
      return blockIntervalMs;
    }
    long base =
        switch (kind) {
          case PROPOSE -> proposeTimeoutMs;
          case PREVOTE -> prevoteTimeoutMs;
          case PRECOMMIT -> precommitTimeoutMs;
          case RETRANSMIT -> retransmitMs;
          case BUILD -> blockIntervalMs;
        };
    long cap = Math.multiplyExact(base, (long) maxTimeoutFactor);
    long t = base;
    for (int r = 0; r < round && t < cap; r++) {
      t = Math.multiplyExact(t, (long) timeoutGrowthPercent) / 100;
    }
    return Math.min(t, cap);
  }
}

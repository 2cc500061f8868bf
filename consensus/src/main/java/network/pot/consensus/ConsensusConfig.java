package network.pot.consensus;

/**
 * Consensus parameters, all in one place with their defaults.
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
    long blockIntervalMs) {

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

  /** The defaults. */
  public static ConsensusConfig defaults(String chainId) {
    return new ConsensusConfig(
        chainId, 100, 3000, 1000, 1000, 150, 16, 1000, 3000, 1000, 20_000, 64, 1000, 16 << 20, 0);
  }

  /** The same config with another epoch length. */
  public ConsensusConfig withEpochLength(long length) {
    return new ConsensusConfig(
        chainId,
        length,
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
        blockIntervalMs);
  }

  /** The same config with other round-0 timeouts. */
  public ConsensusConfig withTimeouts(long propose, long prevote, long precommit) {
    return new ConsensusConfig(
        chainId,
        epochLength,
        propose,
        prevote,
        precommit,
        timeoutGrowthPercent,
        maxTimeoutFactor,
        maxRoundLead,
        retransmitMs,
        syncIntervalMs,
        maxFutureMessages,
        maxEvidencePerBlock,
        evidenceMaxAge,
        maxPayloadBytes,
        blockIntervalMs);
  }

  /** The same config with other payload and block-interval limits. */
  public ConsensusConfig withBlocks(int maxPayload, long blockInterval) {
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
        maxPayload,
        blockInterval);
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

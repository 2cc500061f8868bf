package network.pot.chain.state;

import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;

/**
 * Every chain parameter, in one place, with its default. Governance changes them by name through
 * {@link #with(String, long)}; the record is part of the state (and of its root). Durations are in
 * blocks, fractions in basis points (1/10,000), amounts in base units.
 *
 * @param minFee smallest fee a transaction may pay
 * @param maxBlockTxs most transactions in one block
 * @param blockReward tokens minted per block in the first emission period; later periods mint less
 *     (see {@link Emission})
 * @param minerShareBps share of each block's rewards (mint + fees) for miners, by verified work
 * @param treasuryShareBps share of each block's rewards for the treasury; validators and delegators
 *     get the rest, by stake
 * @param epochLength blocks per epoch: validator set updates and miner payouts happen at its end
 * @param maxValidators size of the active validator set
 * @param minSelfBond smallest self-bond of a new validator
 * @param unbondingPeriod blocks before unbonded tokens become spendable (and stay slashable)
 * @param doubleSignSlashBps slash for signing two blocks at one height (and permanent jail)
 * @param downtimeSlashBps slash for missing too many blocks
 * @param downtimeWindow blocks per downtime window
 * @param maxMissedBlocks missed blocks tolerated per window
 * @param downtimeJailBlocks jail time after a downtime slash
 * @param wrongVoteSlashBps slash for a verification vote a fraud proof shows to be wrong
 * @param evidenceMaxAge oldest double-sign evidence accepted, in blocks
 * @param protocolFeeBps share of a task's reward that goes to the treasury
 * @param verificationWindow blocks after a task's deadline for verification votes and fraud proofs,
 *     before payout
 * @param maxMinersPerTask most miners that can enroll in one task
 * @param fraudBountyBps share of a cheating miner's bond paid to whoever proves the fraud
 * @param committeeSize validators drawn, weighted by stake, to verify each committed proof
 * @param minDeposit deposit that moves a proposal into its voting period
 * @param depositPeriod blocks a proposal has to reach its deposit
 * @param votingPeriod blocks of voting
 * @param quorumBps share of bonded stake that must vote
 * @param thresholdBps share of yes among yes + no + veto needed to pass
 * @param vetoBps share of veto among all votes that rejects and forfeits the deposits
 * @param maxTaskSteps most training steps a task may ask for
 * @param maxSegmentSteps most steps between two checkpoints (the checkpoint interval): what one
 *     verification sample or one fraud-proof check re-executes
 * @param maxTaskDuration most blocks from a task's publication to its deadline (how long a miner's
 *     bond and the publisher's escrow can be tied up)
 * @param maxStepFlops most work per training step a task may declare ({@code flopsPerStep}, which
 *     verifiers check against the spec: 6 x parameters x batch); caps a task's share of the miner
 *     pool
 * @param emissionPeriod blocks per emission period: the per-block issuance is constant within a
 *     period
 * @param emissionDecayBps how much the per-block issuance falls from one period to the next
 * @param supplyCap the supply that emission never takes the supply past
 */
public record Params(
    long minFee,
    long maxBlockTxs,
    long blockReward,
    long minerShareBps,
    long treasuryShareBps,
    long epochLength,
    long maxValidators,
    long minSelfBond,
    long unbondingPeriod,
    long doubleSignSlashBps,
    long downtimeSlashBps,
    long downtimeWindow,
    long maxMissedBlocks,
    long downtimeJailBlocks,
    long wrongVoteSlashBps,
    long evidenceMaxAge,
    long protocolFeeBps,
    long verificationWindow,
    long maxMinersPerTask,
    long fraudBountyBps,
    long committeeSize,
    long minDeposit,
    long depositPeriod,
    long votingPeriod,
    long quorumBps,
    long thresholdBps,
    long vetoBps,
    long maxTaskSteps,
    long maxSegmentSteps,
    long maxTaskDuration,
    long maxStepFlops,
    long emissionPeriod,
    long emissionDecayBps,
    long supplyCap)
    implements StateValue {

  /** Parameter names, in record (and encoding) order. */
  public static final List<String> NAMES =
      List.of(
          "minFee",
          "maxBlockTxs",
          "blockReward",
          "minerShareBps",
          "treasuryShareBps",
          "epochLength",
          "maxValidators",
          "minSelfBond",
          "unbondingPeriod",
          "doubleSignSlashBps",
          "downtimeSlashBps",
          "downtimeWindow",
          "maxMissedBlocks",
          "downtimeJailBlocks",
          "wrongVoteSlashBps",
          "evidenceMaxAge",
          "protocolFeeBps",
          "verificationWindow",
          "maxMinersPerTask",
          "fraudBountyBps",
          "committeeSize",
          "minDeposit",
          "depositPeriod",
          "votingPeriod",
          "quorumBps",
          "thresholdBps",
          "vetoBps",
          "maxTaskSteps",
          "maxSegmentSteps",
          "maxTaskDuration",
          "maxStepFlops",
          "emissionPeriod",
          "emissionDecayBps",
          "supplyCap");

  /**
   * The defaults of a new network. The emission schedule is scaled for a devnet of about 2 * 10^9
   * tokens: 200,000 a block, 10% less every 500 blocks (about 10^9 minted in all), never past a
   * supply of 3 * 10^9. A network with another genesis sets its own in its genesis file.
   */
  public static final Params DEFAULT =
      new Params(
          1,
          20_000,
          200_000,
          3_000,
          1_000,
          10,
          100,
          1_000,
          100,
          500,
          10,
          100,
          50,
          50,
          1_000,
          100,
          200,
          20,
          64,
          5_000,
          7,
          10_000,
          50,
          50,
          3_340,
          5_000,
          3_340,
          1_000_000,
          10_000,
          10_000,
          1_000_000_000_000L,
          500,
          1_000,
          3_000_000_000L);

  public Params {
    long[] v = {
      minFee,
      maxBlockTxs,
      blockReward,
      minerShareBps,
      treasuryShareBps,
      epochLength,
      maxValidators,
      minSelfBond,
      unbondingPeriod,
      doubleSignSlashBps,
      downtimeSlashBps,
      downtimeWindow,
      maxMissedBlocks,
      downtimeJailBlocks,
      wrongVoteSlashBps,
      evidenceMaxAge,
      protocolFeeBps,
      verificationWindow,
      maxMinersPerTask,
      fraudBountyBps,
      committeeSize,
      minDeposit,
      depositPeriod,
      votingPeriod,
      quorumBps,
      thresholdBps,
      vetoBps,
      maxTaskSteps,
      maxSegmentSteps,
      maxTaskDuration,
      maxStepFlops,
      emissionPeriod,
      emissionDecayBps,
      supplyCap
    };
    for (int i = 0; i < v.length; i++) {
      check(NAMES.get(i), v[i]);
    }
    if (minerShareBps + treasuryShareBps > 10_000) {
      throw new IllegalArgumentException("miner and treasury shares exceed 100%");
    }
  }

  private static long[] values(Params p) {
    return new long[] {
      p.minFee,
      p.maxBlockTxs,
      p.blockReward,
      p.minerShareBps,
      p.treasuryShareBps,
      p.epochLength,
      p.maxValidators,
      p.minSelfBond,
      p.unbondingPeriod,
      p.doubleSignSlashBps,
      p.downtimeSlashBps,
      p.downtimeWindow,
      p.maxMissedBlocks,
      p.downtimeJailBlocks,
      p.wrongVoteSlashBps,
      p.evidenceMaxAge,
      p.protocolFeeBps,
      p.verificationWindow,
      p.maxMinersPerTask,
      p.fraudBountyBps,
      p.committeeSize,
      p.minDeposit,
      p.depositPeriod,
      p.votingPeriod,
      p.quorumBps,
      p.thresholdBps,
      p.vetoBps,
      p.maxTaskSteps,
      p.maxSegmentSteps,
      p.maxTaskDuration,
      p.maxStepFlops,
      p.emissionPeriod,
      p.emissionDecayBps,
      p.supplyCap
    };
  }

  /**
   * The range each parameter must lie in, checked whenever a {@code Params} is made (genesis,
   * governance, decoding). The upper bounds keep every sum the state machine forms in a block far
   * from overflow (emission stops at the supply cap, at most 10^18, and a block reward of at most
   * 10^10 keeps the issuance's arithmetic exact), so a vote cannot halt the chain; the lower bounds
   * rule out values that stop it (no validator may miss a block, no evidence is slashable, an
   * unbonding period of 0).
   */
  private static long[] bounds(String name) {
    return switch (name) {
      case "minFee", "minSelfBond", "minDeposit", "supplyCap" ->
          new long[] {0, 1_000_000_000_000_000L};
      case "maxBlockTxs" -> new long[] {1, 100_000};
      case "blockReward" -> new long[] {0, 10_000_000_000L};
      case "epochLength" -> new long[] {1, 1_000_000};
      case "maxValidators", "committeeSize" -> new long[] {1, 1_000};
      case "unbondingPeriod", "evidenceMaxAge", "depositPeriod", "votingPeriod" ->
          new long[] {1, 10_000_000};
      case "downtimeWindow", "maxMissedBlocks" -> new long[] {1, 1_000_000};
      case "downtimeJailBlocks" -> new long[] {0, 10_000_000};
      case "verificationWindow" -> new long[] {0, 1_000_000};
      case "maxMinersPerTask" -> new long[] {1, 1_024};
      case "maxTaskSteps" -> new long[] {1, 1_000_000_000};
      case "maxSegmentSteps" -> new long[] {1, 10_000_000};
      case "maxTaskDuration" -> new long[] {1, 10_000_000};
      case "maxStepFlops" -> new long[] {1, 1_000_000_000_000_000L};
      case "emissionPeriod" -> new long[] {1, 1_000_000_000};
      default -> name.endsWith("Bps") ? new long[] {0, 10_000} : new long[] {0, Long.MAX_VALUE};
    };
  }

  private static void check(String name, long value) {
    long[] b = bounds(name);
    if (value < b[0] || value > b[1]) {
      throw new IllegalArgumentException(
          name + " must be between " + b[0] + " and " + b[1] + ", not " + value);
    }
  }

  /**
   * Parameters that governance may not change. The epoch length decides at which heights the ledger
   * and consensus switch validator sets; both read it from genesis, and a vote that changed it
   * would make them switch at different heights (and a restarted node judge blocks against another
   * set). The emission schedule (initial block reward, period, decay, cap) is a promise made at
   * genesis to every holder: the stakers who vote collect most of each block's issuance, so a
   * governable schedule would be one they could raise for themselves (see {@link Emission}).
   */
  public static final List<String> FIXED_AT_GENESIS =
      List.of("epochLength", "blockReward", "emissionPeriod", "emissionDecayBps", "supplyCap");

  /**
   * The checks across parameters, made when a change is proposed and again when it is executed (and
   * by a genesis check): an unbonding period shorter than the evidence age would let stake leave
   * before the evidence against it arrives; more tolerated misses than the window holds would never
   * jail anyone, and so on.
   *
   * @throws IllegalArgumentException naming the parameters in conflict
   */
  public void crossCheck() {
    if (unbondingPeriod < evidenceMaxAge) {
      throw new IllegalArgumentException(
          "unbondingPeriod ("
              + unbondingPeriod
              + ") must be at least evidenceMaxAge ("
              + evidenceMaxAge
              + "): stake must stay slashable while evidence against it is accepted");
    }
    if (maxMissedBlocks > downtimeWindow) {
      throw new IllegalArgumentException(
          "maxMissedBlocks (" + maxMissedBlocks + ") must not exceed downtimeWindow");
    }
    if (2 * maxMissedBlocks < downtimeWindow) {
      throw new IllegalArgumentException(
          "maxMissedBlocks ("
              + maxMissedBlocks
              + ") must be at least half of downtimeWindow ("
              + downtimeWindow
              + "): a proposer may leave any precommit beyond the quorum out of the commit it"
              + " reports, and proposers holding less than a third of the power propose about a"
              + " third of the blocks; only a limit above that share keeps them from jailing an"
              + " honest validator");
    }
    if (Math.max(evidenceMaxAge, unbondingPeriod) / epochLength + 2 > PowerHistory.MAX_ENTRIES) {
      throw new IllegalArgumentException(
          "unbondingPeriod and evidenceMaxAge must stay below "
              + (PowerHistory.MAX_ENTRIES - 2)
              + " epochs: the power history keeps one validator set per epoch of that span");
    }
    if (thresholdBps == 0) {
      throw new IllegalArgumentException("thresholdBps must be positive");
    }
    if (maxSegmentSteps > maxTaskSteps) {
      throw new IllegalArgumentException(
          "maxSegmentSteps (" + maxSegmentSteps + ") must not exceed maxTaskSteps");
    }
  }

  /**
   * The parameters after governance changes one: the name must exist and be governable, the value
   * in its range, and the result must pass {@link #crossCheck()}.
   *
   * @throws IllegalArgumentException saying which rule the change breaks
   */
  public Params governedChange(String name, long value) {
    if (FIXED_AT_GENESIS.contains(name)) {
      throw new IllegalArgumentException(name + " is fixed at genesis, not governable");
    }
    Params next = with(name, value);
    next.crossCheck();
    return next;
  }

  /**
   * Which task bound terms of {@code totalSteps} steps, checkpoints every {@code
   * checkpointInterval} steps, a deadline {@code blocksToDeadline} blocks ahead and {@code
   * flopsPerStep} work per step break, in words, or null when they keep them all. Every
   * re-execution a task can cause (a verifier's sample, a fraud-proof check) is at most {@link
   * #maxSegmentSteps} steps, so bounded terms bound the work any block can ask of a node.
   */
  public String taskOutOfBounds(
      long totalSteps, long checkpointInterval, long blocksToDeadline, long flopsPerStep) {
    if (flopsPerStep > maxStepFlops) {
      return "work per step " + flopsPerStep + " exceeds maxStepFlops " + maxStepFlops;
    }
    if (totalSteps > maxTaskSteps) {
      return "steps " + totalSteps + " exceed maxTaskSteps " + maxTaskSteps;
    }
    if (checkpointInterval > maxSegmentSteps) {
      return "checkpoint interval "
          + checkpointInterval
          + " exceeds maxSegmentSteps "
          + maxSegmentSteps;
    }
    if (blocksToDeadline > maxTaskDuration) {
      return "a deadline "
          + blocksToDeadline
          + " blocks ahead exceeds maxTaskDuration "
          + maxTaskDuration;
    }
    return null;
  }

  /** The value of a named parameter. */
  public long get(String name) {
    int i = NAMES.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no parameter named " + name);
    }
    return values(this)[i];
  }

  /**
   * A copy with one parameter changed.
   *
   * @throws IllegalArgumentException for an unknown name or an out-of-range value
   */
  public Params with(String name, long value) {
    int i = NAMES.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no parameter named " + name);
    }
    long[] v = values(this);
    v[i] = value;
    return fromValues(v);
  }

  private static Params fromValues(long[] v) {
    return new Params(
        v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13],
        v[14], v[15], v[16], v[17], v[18], v[19], v[20], v[21], v[22], v[23], v[24], v[25], v[26],
        v[27], v[28], v[29], v[30], v[31], v[32], v[33]);
  }

  @Override
  public void encode(Writer w) {
    for (long x : values(this)) {
      w.u64(x);
    }
  }

  static Params decode(Reader r) throws DecodeException {
    long[] v = new long[NAMES.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.amount();
    }
    try {
      return fromValues(v);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(DecodeException.Reason.INVALID_VALUE, e.getMessage());
    }
  }
}

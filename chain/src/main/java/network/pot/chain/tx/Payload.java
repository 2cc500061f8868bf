package network.pot.chain.tx;

import java.util.Objects;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.PublicKey;
import network.pot.chain.crypto.Address;

/**
 * The action of a transaction. Each variant writes its own fields in the canonical order (after its
 * {@link TxType} tag, which {@link TransactionCodec} writes); {@link #decode} reads them back.
 * Amounts are base units.
 */
public sealed interface Payload {
  /** Longest licence string of a dataset, in bytes. */
  int MAX_LICENCE = 64;

  /** Longest proposal title, in bytes. */
  int MAX_TITLE = 140;

  /** Largest fraud-proof evidence, in bytes. */
  int MAX_EVIDENCE = 48 * 1024;

  TxType type();

  void encode(Writer w);

  /** Moves {@code amount} from the sender to {@code to}. */
  record Transfer(Address to, long amount) implements Payload {
    @Override
    public TxType type() {
      return TxType.TRANSFER;
    }

    @Override
    public void encode(Writer w) {
      w.raw(to.unsafeArray()).u64(amount);
    }
  }

  /**
   * Registers the sender as a validator with a self-bond. {@code consensusKey} signs its consensus
   * messages and reveals ({@code revealAnchor} is the anchor of that key's reveal chain); it may be
   * the sender's own key, or a separate key kept on the validator's machine while the sender's
   * account key stays offline. A separate key also signs the validator's verification votes.
   */
  record CreateValidator(
      int commissionBps, long selfBond, Hash revealAnchor, PublicKey consensusKey)
      implements Payload {
    @Override
    public TxType type() {
      return TxType.CREATE_VALIDATOR;
    }

    @Override
    public void encode(Writer w) {
      w.u16(commissionBps)
          .u64(selfBond)
          .raw(revealAnchor.unsafeArray())
          .raw(consensusKey.unsafeArray());
    }
  }

  /** Adds to the sender's own validator's self-bond. */
  record Bond(long amount) implements Payload {
    @Override
    public TxType type() {
      return TxType.BOND;
    }

    @Override
    public void encode(Writer w) {
      w.u64(amount);
    }
  }

  /** Starts unbonding part of the sender's self-bond. */
  record Unbond(long amount) implements Payload {
    @Override
    public TxType type() {
      return TxType.UNBOND;
    }

    @Override
    public void encode(Writer w) {
      w.u64(amount);
    }
  }

  /** Changes the commission of the sender's validator. */
  record EditCommission(int commissionBps) implements Payload {
    @Override
    public TxType type() {
      return TxType.EDIT_COMMISSION;
    }

    @Override
    public void encode(Writer w) {
      w.u16(commissionBps);
    }
  }

  /** Delegates tokens to a validator. */
  record Delegate(Address validator, long amount) implements Payload {
    @Override
    public TxType type() {
      return TxType.DELEGATE;
    }

    @Override
    public void encode(Writer w) {
      w.raw(validator.unsafeArray()).u64(amount);
    }
  }

  /** Starts unbonding tokens delegated to a validator. */
  record Undelegate(Address validator, long amount) implements Payload {
    @Override
    public TxType type() {
      return TxType.UNDELEGATE;
    }

    @Override
    public void encode(Writer w) {
      w.raw(validator.unsafeArray()).u64(amount);
    }
  }

  /** Moves delegated tokens from one validator to another without unbonding. */
  record Redelegate(Address from, Address to, long amount) implements Payload {
    @Override
    public TxType type() {
      return TxType.REDELEGATE;
    }

    @Override
    public void encode(Writer w) {
      w.raw(from.unsafeArray()).raw(to.unsafeArray()).u64(amount);
    }
  }

  /** Pays out the sender's accrued rewards (and commission, if it is the validator). */
  record WithdrawRewards(Address validator) implements Payload {
    @Override
    public TxType type() {
      return TxType.WITHDRAW_REWARDS;
    }

    @Override
    public void encode(Writer w) {
      w.raw(validator.unsafeArray());
    }
  }

  /** Asks to leave jail once the jail time is over. */
  record Unjail() implements Payload {
    @Override
    public TxType type() {
      return TxType.UNJAIL;
    }

    @Override
    public void encode(Writer w) {}
  }

  /** Registers a dataset by content hash; the sender earns {@code feePerUse} per completed task. */
  record RegisterDataset(Hash contentHash, String licence, long feePerUse) implements Payload {
    @Override
    public TxType type() {
      return TxType.REGISTER_DATASET;
    }

    @Override
    public void encode(Writer w) {
      w.raw(contentHash.unsafeArray()).string(licence).u64(feePerUse);
    }
  }

  /**
   * Publishes a training task and escrows its reward. Build one with {@link #builder()}, which
   * names each field; the canonical constructor keeps the field order of the encoding.
   *
   * @param datasetId content hash of a registered dataset
   * @param specHash hash of the canonical JSON spec (model, optimizer, hyper-parameters, metric)
   * @param totalSteps training steps in the task
   * @param checkpointInterval steps between two checkpoints (one transcript segment)
   * @param flopsPerStep work of one training step, used to weigh miners' verified work
   * @param reward escrowed when the task is published, paid out when it settles
   * @param deadline last height at which miners may enroll and commit proofs
   * @param minMinerBond least bond a miner enrolls with
   * @param sampleSize segments each verifier re-executes
   */
  record PublishTask(
      Hash datasetId,
      Hash specHash,
      long totalSteps,
      long checkpointInterval,
      long flopsPerStep,
      long reward,
      long deadline,
      long minMinerBond,
      int sampleSize)
      implements Payload {
    @Override
    public TxType type() {
      return TxType.PUBLISH_TASK;
    }

    @Override
    public void encode(Writer w) {
      w.raw(datasetId.unsafeArray())
          .raw(specHash.unsafeArray())
          .u64(totalSteps)
          .u64(checkpointInterval)
          .u64(flopsPerStep)
          .u64(reward)
          .u64(deadline)
          .u64(minMinerBond)
          .u16(sampleSize);
    }

    /** A builder with every number zero and no hashes set. */
    public static Builder builder() {
      return new Builder();
    }

    /** Builds a {@link PublishTask} field by field, by name. */
    public static final class Builder {
      private Hash datasetId;
      private Hash specHash;
      private long totalSteps;
      private long checkpointInterval;
      private long flopsPerStep;
      private long reward;
      private long deadline;
      private long minMinerBond;
      private int sampleSize;

      private Builder() {}

      public Builder datasetId(Hash datasetId) {
        this.datasetId = datasetId;
        return this;
      }

      public Builder specHash(Hash specHash) {
        this.specHash = specHash;
        return this;
      }

      public Builder totalSteps(long totalSteps) {
        this.totalSteps = totalSteps;
        return this;
      }

      public Builder checkpointInterval(long checkpointInterval) {
        this.checkpointInterval = checkpointInterval;
        return this;
      }

      public Builder flopsPerStep(long flopsPerStep) {
        this.flopsPerStep = flopsPerStep;
        return this;
      }

      public Builder reward(long reward) {
        this.reward = reward;
        return this;
      }

      public Builder deadline(long deadline) {
        this.deadline = deadline;
        return this;
      }

      public Builder minMinerBond(long minMinerBond) {
        this.minMinerBond = minMinerBond;
        return this;
      }

      public Builder sampleSize(int sampleSize) {
        this.sampleSize = sampleSize;
        return this;
      }

      /**
       * The task with the fields set so far (unset numbers are zero).
       *
       * @throws NullPointerException when the dataset id or the spec hash is not set
       */
      public PublishTask build() {
        return new PublishTask(
            Objects.requireNonNull(datasetId, "datasetId"),
            Objects.requireNonNull(specHash, "specHash"),
            totalSteps,
            checkpointInterval,
            flopsPerStep,
            reward,
            deadline,
            minMinerBond,
            sampleSize);
      }
    }
  }

  /** Enrolls the sender as a miner of a task, bonding {@code bond}. */
  record EnrollTask(Hash taskId, long bond) implements Payload {
    @Override
    public TxType type() {
      return TxType.ENROLL_TASK;
    }

    @Override
    public void encode(Writer w) {
      w.raw(taskId.unsafeArray()).u64(bond);
    }
  }

  /** Commits the sender's proof of training: transcript Merkle root, model hash, metric. */
  record CommitProof(Hash taskId, Hash transcriptRoot, Hash modelHash, long claimedMetric)
      implements Payload {
    @Override
    public TxType type() {
      return TxType.COMMIT_PROOF;
    }

    @Override
    public void encode(Writer w) {
      w.raw(taskId.unsafeArray())
          .raw(transcriptRoot.unsafeArray())
          .raw(modelHash.unsafeArray())
          .u64(claimedMetric);
    }
  }

  /**
   * A validator's verdict on a miner's proof after re-executing its sampled segments. A reject
   * names what failed: the first segment whose re-execution differs from the transcript, {@link
   * #FINAL} when the final model does not evaluate as claimed, or {@link #NO_SEGMENT} when the
   * cause is nothing a re-execution can show (the transcript or a checkpoint not served, or
   * malformed). An accept names no segment. A fraud proof can refute a reject only at the segment
   * it names.
   */
  record VerificationVote(Hash taskId, Address miner, boolean accept, int segment)
      implements Payload {
    /** The segment of a vote that names none. */
    public static final int NO_SEGMENT = -2;

    /** The segment number of the final model's evaluation. */
    public static final int FINAL = -1;

    /** A vote that names no segment (an accept, or a reject whose cause is no segment). */
    public VerificationVote(Hash taskId, Address miner, boolean accept) {
      this(taskId, miner, accept, NO_SEGMENT);
    }

    @Override
    public TxType type() {
      return TxType.VERIFICATION_VOTE;
    }

    @Override
    public void encode(Writer w) {
      w.raw(taskId.unsafeArray()).raw(miner.unsafeArray()).bool(accept).u32(segment);
    }
  }

  /** Evidence that a verdict on a miner's proof is wrong: a segment anyone can re-execute. */
  record FraudProof(Hash taskId, Address miner, int segment, Bytes evidence) implements Payload {
    @Override
    public TxType type() {
      return TxType.FRAUD_PROOF;
    }

    @Override
    public void encode(Writer w) {
      w.raw(taskId.unsafeArray()).raw(miner.unsafeArray()).u32(segment).bytes(evidence);
    }
  }

  /** Submits a governance proposal with an initial deposit. */
  record SubmitProposal(String title, ProposalAction action, long deposit) implements Payload {
    @Override
    public TxType type() {
      return TxType.SUBMIT_PROPOSAL;
    }

    @Override
    public void encode(Writer w) {
      w.string(title);
      action.encode(w);
      w.u64(deposit);
    }
  }

  /** Adds to a proposal's deposit. */
  record Deposit(long proposalId, long amount) implements Payload {
    @Override
    public TxType type() {
      return TxType.DEPOSIT;
    }

    @Override
    public void encode(Writer w) {
      w.u64(proposalId).u64(amount);
    }
  }

  /** Votes on a proposal with the sender's bonded stake. */
  record Vote(long proposalId, VoteOption option) implements Payload {
    @Override
    public TxType type() {
      return TxType.VOTE;
    }

    @Override
    public void encode(Writer w) {
      w.u64(proposalId).u8(option.tag());
    }
  }

  /** Two conflicting consensus votes signed by one validator key. */
  record DoubleSignEvidence(ConsensusVote first, ConsensusVote second) implements Payload {
    @Override
    public TxType type() {
      return TxType.DOUBLE_SIGN_EVIDENCE;
    }

    @Override
    public void encode(Writer w) {
      first.encode(w);
      second.encode(w);
    }
  }

  /**
   * The three hashes of a collaborative task's global model {@code G_r}: the engine's model hash of
   * its weights (what a publisher fetches, as for a competitive task), the hash of the outer
   * optimizer's state, and the content hash of the blob that holds both (the address nodes fetch it
   * by).
   */
  record ModelHashes(Hash model, Hash outerState, Hash blob) {
    /** No model yet. */
    public static final ModelHashes NONE = new ModelHashes(Hash.ZERO, Hash.ZERO, Hash.ZERO);

    public ModelHashes {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(outerState, "outerState");
      Objects.requireNonNull(blob, "blob");
    }

    public void encode(Writer w) {
      w.raw(model.unsafeArray()).raw(outerState.unsafeArray()).raw(blob.unsafeArray());
    }

    public static ModelHashes decode(Reader r) throws DecodeException {
      return new ModelHashes(hash(r), hash(r), hash(r));
    }
  }

  /**
   * Publishes a collaborative task and escrows its reward: R rounds in which up to M miners each
   * train H local steps from the global model {@code G_r} on their own shard, every contribution
   * verified like a competitive proof, the accepted ones merged by an outer optimizer (SGD with
   * Nesterov momentum; plain averaging is lr 1, momentum 0). Build one with {@link #builder()}.
   *
   * <p>The decoder refuses, with {@link DecodeException.Reason#INVALID_VALUE}, rounds outside
   * {@code [1, MAX_ROUNDS]}, miners outside {@code [1, MAX_MINERS]}, a quorum outside {@code [1,
   * miners]}, and outer lr / momentum that are not finite floats in {@code (0, 10]} / {@code [0,
   * 1)}; the state machine checks the rest against the chain (dataset, heights, bounds).
   *
   * @param datasetId content hash of a registered dataset
   * @param specHash hash of the canonical JSON of the collaborative spec (its inner task, rounds,
   *     miners, quorum and outer optimizer, which must equal the fields here)
   * @param genesis the hashes of {@code G_0}, which every validator recomputes from the spec
   * @param rounds rounds R
   * @param localSteps local steps H each miner trains per round
   * @param checkpointInterval steps between two checkpoints of a contribution's transcript
   * @param miners miner slots M (shards of the training split)
   * @param quorum accepted contributions a round needs to change the model and pay its share
   * @param outerLrBits the outer learning rate as float32 bits
   * @param outerMomentumBits the outer momentum as float32 bits
   * @param flopsPerStep work of one training step, used to weigh miners' verified work
   * @param reward escrowed at publish, paid out round by round
   * @param enrollDeadline last height at which miners may enroll; round 0 opens after it
   * @param roundBlocks blocks a round stays open for contributions
   * @param minMinerBond least bond a miner enrolls with
   * @param sampleSize segments each verifier re-executes per contribution
   */
  record PublishCollabTask(
      Hash datasetId,
      Hash specHash,
      ModelHashes genesis,
      int rounds,
      long localSteps,
      long checkpointInterval,
      int miners,
      int quorum,
      int outerLrBits,
      int outerMomentumBits,
      long flopsPerStep,
      long reward,
      long enrollDeadline,
      long roundBlocks,
      long minMinerBond,
      int sampleSize)
      implements Payload {
    /** Most rounds a task may have (as the protocol's spec allows). */
    public static final int MAX_ROUNDS = 100_000;

    /** Most miner slots a task may have (as the protocol's spec allows). */
    public static final int MAX_MINERS = 1024;

    public PublishCollabTask {
      Objects.requireNonNull(datasetId, "datasetId");
      Objects.requireNonNull(specHash, "specHash");
      Objects.requireNonNull(genesis, "genesis");
      String bad = invalid(rounds, miners, quorum, outerLrBits, outerMomentumBits);
      if (bad != null) {
        throw new IllegalArgumentException(bad);
      }
    }

    /** Why these collaborative fields are not acceptable, or null. */
    static String invalid(int rounds, int miners, int quorum, int lrBits, int momentumBits) {
      if (rounds < 1 || rounds > MAX_ROUNDS) {
        return "rounds must be in [1, " + MAX_ROUNDS + "], got " + rounds;
      }
      if (miners < 1 || miners > MAX_MINERS) {
        return "miners must be in [1, " + MAX_MINERS + "], got " + miners;
      }
      if (quorum < 1 || quorum > miners) {
        return "quorum must be in [1, miners=" + miners + "], got " + quorum;
      }
      float lr = Float.intBitsToFloat(lrBits);
      if (!(lr > 0f && lr <= 10f)) {
        return "outer lr must be in (0, 10], got " + lr;
      }
      float momentum = Float.intBitsToFloat(momentumBits);
      if (!(momentum >= 0f && momentum < 1f) || momentumBits == 0x8000_0000) {
        return "outer momentum must be in [0, 1), got " + momentum;
      }
      return null;
    }

    public float outerLr() {
      return Float.intBitsToFloat(outerLrBits);
    }

    public float outerMomentum() {
      return Float.intBitsToFloat(outerMomentumBits);
    }

    @Override
    public TxType type() {
      return TxType.PUBLISH_COLLAB_TASK;
    }

    @Override
    public void encode(Writer w) {
      w.raw(datasetId.unsafeArray()).raw(specHash.unsafeArray());
      genesis.encode(w);
      w.u32(rounds)
          .u64(localSteps)
          .u64(checkpointInterval)
          .u16(miners)
          .u16(quorum)
          .u32(outerLrBits)
          .u32(outerMomentumBits)
          .u64(flopsPerStep)
          .u64(reward)
          .u64(enrollDeadline)
          .u64(roundBlocks)
          .u64(minMinerBond)
          .u16(sampleSize);
    }

    static PublishCollabTask decode(Reader r) throws DecodeException {
      Hash dataset = hash(r);
      Hash spec = hash(r);
      ModelHashes genesis = ModelHashes.decode(r);
      int rounds = r.u32();
      long localSteps = r.amount();
      long interval = r.amount();
      int miners = r.u16();
      int quorum = r.u16();
      int lr = r.i32();
      int momentum = r.i32();
      String bad = invalid(rounds, miners, quorum, lr, momentum);
      if (bad != null) {
        throw new DecodeException(
            DecodeException.Reason.INVALID_VALUE, "collaborative task: " + bad);
      }
      return new PublishCollabTask(
          dataset,
          spec,
          genesis,
          rounds,
          localSteps,
          interval,
          miners,
          quorum,
          lr,
          momentum,
          r.amount(),
          r.amount(),
          r.amount(),
          r.amount(),
          r.amount(),
          r.u16());
    }

    /** A builder with plain averaging, quorum 1, every other number zero and no hashes set. */
    public static Builder builder() {
      return new Builder();
    }

    /** Builds a {@link PublishCollabTask} field by field, by name. */
    public static final class Builder {
      private Hash datasetId;
      private Hash specHash;
      private ModelHashes genesis;
      private int rounds;
      private long localSteps;
      private long checkpointInterval;
      private int miners;
      private int quorum = 1;
      private float outerLr = 1f;
      private float outerMomentum = 0f;
      private long flopsPerStep;
      private long reward;
      private long enrollDeadline;
      private long roundBlocks;
      private long minMinerBond;
      private int sampleSize;

      private Builder() {}

      public Builder datasetId(Hash v) {
        this.datasetId = v;
        return this;
      }

      public Builder specHash(Hash v) {
        this.specHash = v;
        return this;
      }

      public Builder genesis(ModelHashes v) {
        this.genesis = v;
        return this;
      }

      public Builder rounds(int v) {
        this.rounds = v;
        return this;
      }

      public Builder localSteps(long v) {
        this.localSteps = v;
        return this;
      }

      public Builder checkpointInterval(long v) {
        this.checkpointInterval = v;
        return this;
      }

      public Builder miners(int v) {
        this.miners = v;
        return this;
      }

      public Builder quorum(int v) {
        this.quorum = v;
        return this;
      }

      public Builder outerLr(float v) {
        this.outerLr = v;
        return this;
      }

      public Builder outerMomentum(float v) {
        this.outerMomentum = v;
        return this;
      }

      public Builder flopsPerStep(long v) {
        this.flopsPerStep = v;
        return this;
      }

      public Builder reward(long v) {
        this.reward = v;
        return this;
      }

      public Builder enrollDeadline(long v) {
        this.enrollDeadline = v;
        return this;
      }

      public Builder roundBlocks(long v) {
        this.roundBlocks = v;
        return this;
      }

      public Builder minMinerBond(long v) {
        this.minMinerBond = v;
        return this;
      }

      public Builder sampleSize(int v) {
        this.sampleSize = v;
        return this;
      }

      /**
       * The task with the fields set so far.
       *
       * @throws NullPointerException when a hash is not set
       * @throws IllegalArgumentException when rounds, miners, quorum or the outer optimizer are out
       *     of range
       */
      public PublishCollabTask build() {
        return new PublishCollabTask(
            datasetId,
            specHash,
            genesis,
            rounds,
            localSteps,
            checkpointInterval,
            miners,
            quorum,
            Float.floatToIntBits(outerLr),
            Float.floatToIntBits(outerMomentum),
            flopsPerStep,
            reward,
            enrollDeadline,
            roundBlocks,
            minMinerBond,
            sampleSize);
      }
    }
  }

  /**
   * A miner's contribution to round {@code round} of a collaborative task: the Merkle root of its
   * H-step transcript from {@code G_r}, the model hash of its weights after those steps, and the
   * test samples that model classifies correctly (which its verifiers' final evaluation checks, as
   * for a competitive proof).
   */
  record CommitContribution(
      Hash taskId, int round, Hash transcriptRoot, Hash updateHash, long claimedMetric)
      implements Payload {
    @Override
    public TxType type() {
      return TxType.COMMIT_CONTRIBUTION;
    }

    @Override
    public void encode(Writer w) {
      w.raw(taskId.unsafeArray())
          .u32(round)
          .raw(transcriptRoot.unsafeArray())
          .raw(updateHash.unsafeArray())
          .u64(claimedMetric);
    }
  }

  /**
   * A fraud proof against a contribution to a collaborative round, or for it: {@code evidence} is
   * the proof module's fraud proof of the named segment (its JSON), whose re-execution starts from
   * the round's global model on the miner's shard. Judged as {@link FraudProof} is: a transcript
   * wrong at the segment convicts the miner and the accepting voters whose sample held it; one
   * right at the segment refutes the rejects that named it.
   */
  record ContributionFraudProof(Hash taskId, int round, Address miner, int segment, Bytes evidence)
      implements Payload {
    @Override
    public TxType type() {
      return TxType.CONTRIBUTION_FRAUD_PROOF;
    }

    @Override
    public void encode(Writer w) {
      w.raw(taskId.unsafeArray()).u32(round).raw(miner.unsafeArray()).u32(segment).bytes(evidence);
    }
  }

  /**
   * A seated verifier's verdict on a miner's contribution to a round, with the segment rules of
   * {@link VerificationVote}.
   */
  record ContributionVote(Hash taskId, int round, Address miner, boolean accept, int segment)
      implements Payload {
    @Override
    public TxType type() {
      return TxType.CONTRIBUTION_VOTE;
    }

    @Override
    public void encode(Writer w) {
      w.raw(taskId.unsafeArray()).u32(round).raw(miner.unsafeArray()).bool(accept).u32(segment);
    }
  }

  /**
   * Records {@code G_{r+1}} for a round whose contributions are settled: the hashes of the model
   * that aggregating the round's accepted updates (sorted by miner) into {@code G_r} gives. Every
   * validator recomputes them before the transaction counts.
   */
  record CloseRound(Hash taskId, int round, ModelHashes next) implements Payload {
    @Override
    public TxType type() {
      return TxType.CLOSE_ROUND;
    }

    @Override
    public void encode(Writer w) {
      w.raw(taskId.unsafeArray()).u32(round);
      next.encode(w);
    }
  }

  /** Reads the fields of a payload of the given type. */
  static Payload decode(TxType type, Reader r) throws DecodeException {
    return switch (type) {
      case TRANSFER -> new Transfer(address(r), r.amount());
      case CREATE_VALIDATOR ->
          new CreateValidator(r.bps(), r.amount(), hash(r), PublicKey.of(r.raw(PublicKey.SIZE)));
      case BOND -> new Bond(r.amount());
      case UNBOND -> new Unbond(r.amount());
      case EDIT_COMMISSION -> new EditCommission(r.bps());
      case DELEGATE -> new Delegate(address(r), r.amount());
      case UNDELEGATE -> new Undelegate(address(r), r.amount());
      case REDELEGATE -> new Redelegate(address(r), address(r), r.amount());
      case WITHDRAW_REWARDS -> new WithdrawRewards(address(r));
      case UNJAIL -> new Unjail();
      case REGISTER_DATASET -> new RegisterDataset(hash(r), r.string(MAX_LICENCE), r.amount());
      case PUBLISH_TASK ->
          new PublishTask(
              hash(r),
              hash(r),
              r.amount(),
              r.amount(),
              r.amount(),
              r.amount(),
              r.amount(),
              r.amount(),
              r.u16());
      case ENROLL_TASK -> new EnrollTask(hash(r), r.amount());
      case COMMIT_PROOF -> new CommitProof(hash(r), hash(r), hash(r), r.amount());
      case VERIFICATION_VOTE -> new VerificationVote(hash(r), address(r), r.bool(), r.i32());
      case FRAUD_PROOF -> new FraudProof(hash(r), address(r), r.i32(), r.bytes(MAX_EVIDENCE));
      case SUBMIT_PROPOSAL ->
          new SubmitProposal(r.string(MAX_TITLE), ProposalAction.decode(r), r.amount());
      case DEPOSIT -> new Deposit(r.amount(), r.amount());
      case VOTE -> {
        long id = r.amount();
        int tag = r.u8();
        VoteOption o = VoteOption.byTag(tag);
        if (o == null) {
          throw new DecodeException(DecodeException.Reason.UNKNOWN_TAG, "vote option " + tag);
        }
        yield new Vote(id, o);
      }
      case DOUBLE_SIGN_EVIDENCE ->
          new DoubleSignEvidence(ConsensusVote.decode(r), ConsensusVote.decode(r));
      case PUBLISH_COLLAB_TASK -> PublishCollabTask.decode(r);
      case COMMIT_CONTRIBUTION ->
          new CommitContribution(hash(r), r.u32(), hash(r), hash(r), r.amount());
      case CONTRIBUTION_VOTE ->
          new ContributionVote(hash(r), r.u32(), address(r), r.bool(), r.i32());
      case CLOSE_ROUND -> new CloseRound(hash(r), r.u32(), ModelHashes.decode(r));
      case CONTRIBUTION_FRAUD_PROOF ->
          new ContributionFraudProof(hash(r), r.u32(), address(r), r.i32(), r.bytes(MAX_EVIDENCE));
    };
  }

  private static Address address(Reader r) throws DecodeException {
    return Address.of(r.raw(Address.SIZE));
  }

  private static Hash hash(Reader r) throws DecodeException {
    return Hash.of(r.raw(Hash.SIZE));
  }
}

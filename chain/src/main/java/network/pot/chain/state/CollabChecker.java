package network.pot.chain.state;

import network.pot.base.crypto.Hash;
import network.pot.chain.tx.Payload;

/**
 * Recomputes what the ledger cannot: the global models of a collaborative task. {@code G_0} comes
 * from the task's spec, {@code G_{r+1}} from {@code G_r} and the round's accepted updates, so both
 * need blobs (the spec, the models, the updates) and the training engine; the ledger only compares
 * hashes. The node implements it with blob access, as it does {@link FraudProofChecker}.
 *
 * <p>Answers must be a function of the chain and content-addressed blobs alone, so that every node
 * reaches the same one. A checker that cannot obtain an input throws {@link
 * FraudProofChecker.Unavailable}: the block fails to apply on this node for now and is tried again
 * (see {@link InvalidBlockException#retryable()}); it never guesses.
 */
public interface CollabChecker {
  /** Why a published task cannot be run, or {@link #OK}. */
  enum SpecCheck {
    OK,
    /** The spec blob is not a collaborative spec whose fields equal the published terms. */
    MISMATCH,
    /** The spec's {@code G_0} is not the published one. */
    WRONG_GENESIS
  }

  /**
   * Checks the published terms against the spec blob {@code terms.specHash()} and recomputes {@code
   * G_0}'s hashes against {@code terms.genesis()}.
   */
  SpecCheck checkSpec(Hash taskId, Payload.PublishCollabTask terms)
      throws FraudProofChecker.Unavailable;

  /**
   * The hashes of {@code G_{r+1}}: {@code round.start()}'s model advanced by the updates of {@code
   * round.accepted()} (each the update hash of that miner's contribution), sorted by miner, with
   * the task's outer optimizer; the model unchanged but for its round number when fewer than the
   * quorum were accepted.
   */
  Payload.ModelHashes next(Hash taskId, CollabTask task, int roundIndex, CollabRound round)
      throws FraudProofChecker.Unavailable;

  /**
   * Judges a fraud proof about {@code contribution}, committed by {@code enrollment}'s miner to
   * round {@code roundIndex} of {@code task}, which starts from {@code round.start()}: {@link
   * FraudProofChecker.Verdict#TRANSCRIPT_INVALID} when the proof's segment, re-executed from that
   * round's global model on the miner's shard, does not reach the committed checkpoint (or the
   * final evaluation is not the claimed one), {@code TRANSCRIPT_VALID} when it does, {@code
   * NOT_A_PROOF} when the evidence is not about this contribution.
   */
  FraudProofChecker.Verdict checkContribution(
      Hash taskId,
      CollabTask task,
      int roundIndex,
      CollabRound round,
      CollabRound.Contribution contribution,
      Enrollment enrollment,
      Payload.ContributionFraudProof proof)
      throws FraudProofChecker.Unavailable;

  /**
   * The checker of a node that cannot run collaborative tasks: it refuses every spec, so no such
   * task is ever published on a chain whose validators use it.
   */
  CollabChecker NONE =
      new CollabChecker() {
        @Override
        public SpecCheck checkSpec(Hash taskId, Payload.PublishCollabTask terms) {
          return SpecCheck.MISMATCH;
        }

        @Override
        public Payload.ModelHashes next(
            Hash taskId, CollabTask task, int roundIndex, CollabRound round)
            throws FraudProofChecker.Unavailable {
          throw new FraudProofChecker.Unavailable("this node has no collaborative checker");
        }

        @Override
        public FraudProofChecker.Verdict checkContribution(
            Hash taskId,
            CollabTask task,
            int roundIndex,
            CollabRound round,
            CollabRound.Contribution contribution,
            Enrollment enrollment,
            Payload.ContributionFraudProof proof)
            throws FraudProofChecker.Unavailable {
          throw new FraudProofChecker.Unavailable("this node has no collaborative checker");
        }
      };
}

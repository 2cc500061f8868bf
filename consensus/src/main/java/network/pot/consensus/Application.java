package network.pot.consensus;

import network.pot.base.crypto.Hash;

/**
 * What consensus needs from the ledger above it. Every method must be a deterministic function of
 * the committed chain (all honest nodes must answer alike), and is only called on the consensus
 * thread.
 */
public interface Application {
  /**
   * The payload (transactions) this node proposes at {@code height} on top of {@code parent}; the
   * block will carry {@code lastCommit} (null at height 1), the certificate that made the parent
   * final, so the payload may refer to its signers (liveness tracking).
   */
  byte[] proposePayload(long height, Hash parent, CommitCertificate lastCommit);

  /**
   * Whether {@code payload} is acceptable at {@code height} on top of {@code parent} in a block
   * that carries {@code lastCommit} (already verified; null at height 1).
   */
  PayloadCheck checkPayload(long height, Hash parent, CommitCertificate lastCommit, byte[] payload);

  /** {@code block} is final (called once per height, in height order). */
  void commit(ConsensusBlock block, CommitCertificate certificate);

  /**
   * The validators of {@code epoch} (epoch 0 is genesis). Epoch {@code e > 0} is first used at
   * height {@code e * epochLength + 1}, after the last block of epoch {@code e - 1} is committed;
   * its set must be derived from the committed state as of that block.
   */
  ValidatorSet validatorSet(long epoch);

  /**
   * The validators of {@code height}, which is in {@code epoch}: the members of {@link
   * #validatorSet(long) validatorSet(epoch)} in the same order, less the power of those that the
   * committed state as of block {@code height - 1} no longer has in its active set (jailed or
   * tombstoned there: {@link ValidatorSet#withoutPower}). So a set change takes effect at the next
   * height in both layers: the ledger stops counting the member at the block after the one that
   * jailed it, and consensus stops counting its votes and giving it turns to propose at that same
   * height. Called only for heights whose previous block is committed.
   */
  default ValidatorSet validatorSetAt(long height, long epoch) {
    return validatorSet(epoch);
  }

  /**
   * Whether {@code payload}, proposed as a new block by the validator whose key is {@code
   * proposerKey}, names that validator as its proposer. Checked before prevoting a new proposal; a
   * re-proposed block (with a valid round) was checked when it was new. Default: payloads name no
   * proposer.
   */
  default boolean namesProposer(byte[] payload, byte[] proposerKey) {
    return true;
  }

  /**
   * The application's verdict on a payload: valid, or a reason. An {@code undecided} payload is not
   * known to be wrong: the application cannot judge it yet (inputs it has still to fetch or
   * compute). This node does not vote for it, but it commits it once a quorum has (a commit
   * certificate), and the application then waits for what it lacks before it applies it.
   */
  record PayloadCheck(boolean valid, String reason, boolean undecided) {
    /** The payload is acceptable. */
    public static final PayloadCheck VALID = new PayloadCheck(true, "", false);

    public PayloadCheck {
      if (valid && undecided) {
        throw new IllegalArgumentException("a valid payload is decided");
      }
    }

    /** The payload is not acceptable because of {@code reason}. */
    public static PayloadCheck invalid(String reason) {
      return new PayloadCheck(false, reason, false);
    }

    /** The payload cannot be judged yet because of {@code reason}. */
    public static PayloadCheck undecided(String reason) {
      return new PayloadCheck(false, reason, true);
    }
  }
}

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

  /** The application's verdict on a payload: valid, or a reason. */
  record PayloadCheck(boolean valid, String reason) {
    /** The payload is acceptable. */
    public static final PayloadCheck VALID = new PayloadCheck(true, "");

    /** The payload is not acceptable because of {@code reason}. */
    public static PayloadCheck invalid(String reason) {
      return new PayloadCheck(false, reason);
    }
  }
}

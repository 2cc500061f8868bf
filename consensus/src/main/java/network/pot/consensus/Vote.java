package network.pot.consensus;

import java.util.Arrays;
import java.util.Objects;
import network.pot.base.crypto.Hash;
import network.pot.consensus.crypto.SignatureVerifier;
import network.pot.consensus.crypto.Signer;

/**
 * A signed prevote or precommit of validator {@code validator} (index in the epoch's set) for
 * {@code blockHash} at (height, round); a null hash is a vote for nil.
 */
public record Vote(
    VoteType type,
    long height,
    int round,
    Hash blockHash,
    int validator,
    // The signature stays a byte array (the Signer and verifier types); equals, hashCode compare
    // it.
    @SuppressWarnings("ArrayRecordComponent") byte[] signature)
    implements ConsensusMessage {

  /** Signs a new vote. */
  public static Vote sign(
      String chainId,
      Signer signer,
      VoteType type,
      long height,
      int round,
      Hash blockHash,
      int validator) {
    byte[] msg = SignedStatements.vote(chainId, type, height, round, blockHash);
    return new Vote(type, height, round, blockHash, validator, signer.sign(msg));
  }

  /** True when the signature is valid for the validator's key in {@code set}. */
  public boolean verify(String chainId, ValidatorSet set, SignatureVerifier verifier) {
    if (!set.contains(validator)) {
      return false;
    }
    byte[] msg = SignedStatements.vote(chainId, type, height, round, blockHash);
    return verifier.verify(set.get(validator).publicKey(), msg, signature);
  }

  /** True for a vote for nil. */
  public boolean isNil() {
    return blockHash == null;
  }

  /** Same signer, height, round and type: a second such vote with another hash equivocates. */
  public boolean sameSlot(Vote o) {
    return type == o.type && height == o.height && round == o.round && validator == o.validator;
  }

  /** True when both votes are for the same block (or both for nil). */
  public boolean sameTarget(Vote o) {
    return Objects.equals(blockHash, o.blockHash);
  }

  /** Value equality, including the signature bytes. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Vote v
        && sameSlot(v)
        && Objects.equals(blockHash, v.blockHash)
        && Arrays.equals(signature, v.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, height, round, blockHash, validator) * 31
        + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return type
        + "(h="
        + height
        + " r="
        + round
        + " v="
        + validator
        + " "
        + shortHex(blockHash)
        + ")";
  }

  /** The short form of a vote target for logs: the hash's first bytes, or null for nil. */
  static String shortHex(Hash blockHash) {
    return blockHash == null ? null : blockHash.shortHex();
  }
}

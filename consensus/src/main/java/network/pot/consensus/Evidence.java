package network.pot.consensus;

import network.pot.consensus.crypto.SignatureVerifier;

/**
 * Proof that a validator double-signed: two votes of the same type, height and round, both validly
 * signed by it, for different blocks (nil counts as a block here). Anyone holding the validator set
 * of that height can check it; the ledger slashes the validator. The pair is stored in canonical
 * order (nil first, then by hash) so that the same misbehaviour always encodes the same way.
 */
public record Evidence(Vote first, Vote second) {

  /** Canonical evidence from two conflicting votes, in either order. */
  public static Evidence of(Vote a, Vote b) {
    if (!a.sameSlot(b) || a.sameTarget(b)) {
      throw new IllegalArgumentException("votes do not conflict: " + a + " / " + b);
    }
    return compare(a, b) < 0 ? new Evidence(a, b) : new Evidence(b, a);
  }

  private static int compare(Vote a, Vote b) {
    if (a.isNil()) {
      return -1;
    }
    if (b.isNil()) {
      return 1;
    }
    return a.blockHash().compareTo(b.blockHash());
  }

  /** The height of the misbehaviour. */
  public long height() {
    return first.height();
  }

  /** The offending validator's index in the set of that height. */
  public int validator() {
    return first.validator();
  }

  /** True when both votes conflict, are canonically ordered and are signed by the validator. */
  public boolean verify(String chainId, ValidatorSet set, SignatureVerifier verifier) {
    return first.sameSlot(second)
        && !first.sameTarget(second)
        && compare(first, second) < 0
        && first.verify(chainId, set, verifier)
        && second.verify(chainId, set, verifier);
  }

  /** A key that identifies the misbehaviour (validator, height, round, type). */
  public String key() {
    return first.validator() + "/" + first.height() + "/" + first.round() + "/" + first.type();
  }
}

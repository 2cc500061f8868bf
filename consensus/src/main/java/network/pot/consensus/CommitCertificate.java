package network.pot.consensus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.consensus.crypto.SignatureVerifier;

/**
 * Proof that a block is final: precommits for {@code blockHash} at (height, round) from validators
 * holding more than two thirds of the voting power. Votes are kept sorted by validator index, so
 * the encoding is canonical.
 */
public record CommitCertificate(long height, int round, Hash blockHash, List<Vote> precommits) {

  /** Why a certificate is not acceptable. */
  public enum Check {
    OK,
    WRONG_HEIGHT,
    WRONG_BLOCK,
    NOT_A_PRECOMMIT,
    UNKNOWN_VALIDATOR,
    DUPLICATE_VALIDATOR,
    BAD_SIGNATURE,
    INSUFFICIENT_POWER
  }

  /** A certificate; the votes are copied and sorted by validator index. */
  public CommitCertificate {
    List<Vote> sorted = new ArrayList<>(precommits);
    sorted.sort(Comparator.comparingInt(Vote::validator));
    precommits = List.copyOf(sorted);
  }

  /** Checks the certificate for the block {@code expected} at {@code expectedHeight}. */
  public Check verify(
      String chainId,
      long expectedHeight,
      Hash expected,
      ValidatorSet set,
      SignatureVerifier verifier) {
    if (height != expectedHeight) {
      return Check.WRONG_HEIGHT;
    }
    if (!blockHash.equals(expected)) {
      return Check.WRONG_BLOCK;
    }
    long power = 0;
    int previous = -1;
    for (Vote v : precommits) {
      if (v.type() != VoteType.PRECOMMIT
          || v.height() != height
          || v.round() != round
          || !blockHash.equals(v.blockHash())) {
        return Check.NOT_A_PRECOMMIT;
      }
      if (!set.contains(v.validator())) {
        return Check.UNKNOWN_VALIDATOR;
      }
      if (v.validator() == previous) {
        return Check.DUPLICATE_VALIDATOR;
      }
      previous = v.validator();
      if (!v.verify(chainId, set, verifier)) {
        return Check.BAD_SIGNATURE;
      }
      power += set.power(v.validator());
    }
    return set.isQuorum(power) ? Check.OK : Check.INSUFFICIENT_POWER;
  }
}

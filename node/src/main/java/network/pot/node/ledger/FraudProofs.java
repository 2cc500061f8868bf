package network.pot.node.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.FraudProofChecker.Unavailable;
import network.pot.proof.FraudProof;
import network.pot.proof.Reason;

/**
 * What a fraud proof transaction's evidence is and what its check means for the chain, alike for a
 * competitive task's proof ({@link ReexecutingFraudChecker}) and a collaborative contribution's.
 */
public final class FraudProofs {
  private FraudProofs() {}

  /** The evidence as a fraud proof, or empty when it is not one (not UTF-8, not its JSON form). */
  public static Optional<FraudProof> parse(byte[] evidence) {
    try {
      String json =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(evidence))
              .toString();
      return Optional.of(FraudProof.parse(json));
    } catch (CharacterCodingException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The chain's verdict on a checked proof: confirmed, the transcript is wrong at the segment; no
   * failure, it is right there; a blob that could not be had or was damaged, no verdict yet; any
   * other failure (the openings are not the commitment's, ...), not a proof.
   */
  public static FraudProofChecker.Verdict verdict(FraudProof.Check check) throws Unavailable {
    if (check.confirmed()) {
      return FraudProofChecker.Verdict.TRANSCRIPT_INVALID;
    }
    if (check.failure() == null) {
      return FraudProofChecker.Verdict.TRANSCRIPT_VALID;
    }
    Reason r = check.failure().reason();
    if (r == Reason.MISSING_BLOB || r == Reason.CORRUPT_BLOB) {
      throw new Unavailable(check.detail());
    }
    return FraudProofChecker.Verdict.NOT_A_PROOF;
  }
}

package network.pot.consensus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import network.pot.consensus.crypto.SignatureVerifier;
import network.pot.consensus.crypto.Signer;

/**
 * The proposer's signed offer of {@code block} for (height, round). {@code validRound} is -1 for a
 * fresh block, or the round in which this block gathered a quorum of prevotes (Tendermint's
 * valid-round rule lets locked nodes accept it again); then {@code polka} carries those prevotes,
 * so that every receiver can check the quorum even if the network never delivered it the votes. The
 * polka is not covered by the proposer's signature: each of its votes carries its own.
 */
public record Proposal(
    long height,
    int round,
    int validRound,
    ConsensusBlock block,
    int proposer,
    // The signature stays a byte array (the Signer and verifier types); equals, hashCode compare
    // it.
    @SuppressWarnings("ArrayRecordComponent") byte[] signature,
    List<Vote> polka)
    implements ConsensusMessage {

  /** A proposal; the polka votes are sorted by validator. */
  public Proposal {
    List<Vote> sorted = new ArrayList<>(polka);
    sorted.sort(Comparator.comparingInt(Vote::validator));
    polka = List.copyOf(sorted);
  }

  /** Signs a new proposal. */
  public static Proposal sign(
      String chainId,
      Signer signer,
      int round,
      int validRound,
      ConsensusBlock block,
      int proposer,
      List<Vote> polka) {
    byte[] msg =
        SignedStatements.proposal(chainId, block.height(), round, validRound, block.hash());
    return new Proposal(
        block.height(), round, validRound, block, proposer, signer.sign(msg), polka);
  }

  /** True when the signature is valid for the proposer's key in {@code set}. */
  public boolean verify(String chainId, ValidatorSet set, SignatureVerifier verifier) {
    if (!set.contains(proposer)) {
      return false;
    }
    byte[] msg = SignedStatements.proposal(chainId, height, round, validRound, block.hash());
    return verifier.verify(set.get(proposer).publicKey(), msg, signature);
  }

  /** Value equality, including the signature bytes. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Proposal p
        && height == p.height
        && round == p.round
        && validRound == p.validRound
        && proposer == p.proposer
        && block.equals(p.block)
        && Arrays.equals(signature, p.signature)
        && polka.equals(p.polka);
  }

  @Override
  public int hashCode() {
    return Objects.hash(height, round, validRound, block, proposer, polka) * 31
        + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "PROPOSAL(h="
        + height
        + " r="
        + round
        + " vr="
        + validRound
        + " "
        + block.hash().shortHex()
        + ")";
  }
}

package network.pot.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import network.pot.base.codec.DecodeException;
import network.pot.base.crypto.Hash;
import network.pot.consensus.crypto.Ed25519Keys;
import network.pot.consensus.crypto.Signer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The attack: a nil vote signs the same bytes as a vote for the all-zero hash. A peer takes an
 * honest validator's nil prevote, re-sends it as a vote for {@code 0x00..00} with the same
 * signature, and the pair looks like two conflicting votes: equivocation evidence that would slash
 * and tombstone an honest validator. No block hashes to zero, so such a vote is refused.
 */
@Tag("attack")
class NilVoteReplayAttackTest {
  private final Signer signer = Ed25519Keys.fromSeed(new byte[32]);

  @Test
  void anHonestNilVoteCannotBeReplayedAsAVoteForTheZeroHash() throws DecodeException {
    Vote nil = Vote.sign("c", signer, VoteType.PREVOTE, 5, 0, null, 0);
    Vote forged =
        new Vote(
            nil.type(), nil.height(), nil.round(), Hash.ZERO, nil.validator(), nil.signature());
    ValidatorSet set =
        new ValidatorSet(java.util.List.of(new ConsensusValidator(signer.publicKey(), 1)));
    // the forgery carries a valid signature: the only defence is refusing the zero hash
    assertThat(forged.verify("c", set, Ed25519Keys.verifier())).isTrue();

    assertThat(MessageCodec.decode(MessageCodec.encode(nil), 1 << 20)).isEqualTo(nil);
    assertThatThrownBy(() -> MessageCodec.decode(MessageCodec.encode(forged), 1 << 20))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("zero hash");
  }
}

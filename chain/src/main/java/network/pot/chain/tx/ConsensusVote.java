package network.pot.chain.tx;

import java.nio.charset.StandardCharsets;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.PublicKey;

/**
 * A validator's signed consensus vote for a block at a height and round. The ledger needs it for
 * double-sign evidence: two votes of one key for the same height, round and step but different
 * blocks. The consensus layer signs exactly {@link #signBytes(String)}.
 *
 * @param step the vote kind of the consensus protocol (for example prevote 1, precommit 2)
 */
public record ConsensusVote(
    long height, int round, int step, Hash blockHash, PublicKey validator, Bytes signature) {
  private static final byte[] DOMAIN = "pot/vote/v1".getBytes(StandardCharsets.US_ASCII);

  /** The bytes a validator signs for this vote on chain {@code chainId}. */
  public byte[] signBytes(String chainId) {
    return new Writer(96)
        .raw(DOMAIN)
        .string(chainId)
        .u64(height)
        .u32(round)
        .u8(step)
        .raw(blockHash.unsafeArray())
        .toByteArray();
  }

  /** True when the signature is the validator's over {@link #signBytes(String)}. */
  public boolean verify(String chainId) {
    return validator.verify(signBytes(chainId), signature);
  }

  public void encode(Writer w) {
    w.u64(height)
        .u32(round)
        .u8(step)
        .raw(blockHash.unsafeArray())
        .raw(validator.unsafeArray())
        .raw(signature);
  }

  public static ConsensusVote decode(Reader r) throws DecodeException {
    long height = r.amount();
    int round = r.u32();
    int step = r.u8();
    Hash h = Hash.of(r.raw(Hash.SIZE));
    PublicKey k = PublicKey.of(r.raw(PublicKey.SIZE));
    Bytes sig = Bytes.wrap(r.raw(PublicKey.SIGNATURE_SIZE));
    return new ConsensusVote(height, round, step, h, k, sig);
  }
}

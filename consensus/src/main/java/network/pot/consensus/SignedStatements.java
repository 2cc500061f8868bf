package network.pot.consensus;

import java.nio.charset.StandardCharsets;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;

/**
 * The exact bytes validators sign. A domain tag and the chain id come first so that a signature can
 * never be replayed on another chain or mistaken for another kind of statement.
 */
final class SignedStatements {
  private static final Bytes DOMAIN =
      Bytes.wrap("pot-consensus/v1".getBytes(StandardCharsets.US_ASCII));
  private static final byte[] VOTE_DOMAIN = "pot/vote/v1".getBytes(StandardCharsets.US_ASCII);

  private SignedStatements() {}

  /**
   * A vote statement. Its bytes are exactly what the ledger's double-sign evidence checks ({@code
   * network.pot.chain.tx.ConsensusVote#signBytes}: domain "pot/vote/v1", the chain id as a u32
   * length and UTF-8 bytes, u64 height, u32 round, u8 step 1 prevote / 2 precommit, 32-byte block
   * hash with all zeros for nil), so that evidence caught here can be punished on chain as is.
   */
  static byte[] vote(String chainId, VoteType type, long height, int round, Hash blockHash) {
    Writer w = new Writer(96);
    w.raw(VOTE_DOMAIN).string(chainId);
    w.u64(height).u32(round).u8(type == VoteType.PREVOTE ? 1 : 2);
    w.raw((blockHash == null ? Hash.ZERO : blockHash).unsafeArray());
    return w.toByteArray();
  }

  /**
   * A proposal statement: the domain "pot-consensus/v1" and the chain id, each as a u32 length and
   * bytes, kind 3, u64 height, u32 round, u32 valid round (-1 as all ones), 32-byte block hash.
   */
  static byte[] proposal(String chainId, long height, int round, int validRound, Hash blockHash) {
    Writer w = new Writer(96);
    w.bytes(DOMAIN).string(chainId).u8(3);
    w.u64(height).u32(round).u32(validRound).raw(blockHash.unsafeArray());
    return w.toByteArray();
  }
}

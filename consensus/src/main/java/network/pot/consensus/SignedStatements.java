package network.pot.consensus;

import java.nio.charset.StandardCharsets;

/**
 * The exact bytes validators sign. A domain tag and the chain id come first so that a signature can
 * never be replayed on another chain or mistaken for another kind of statement.
 */
final class SignedStatements {
  private static final byte[] DOMAIN = "pot-consensus/v1".getBytes(StandardCharsets.US_ASCII);
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
    w.putRaw(VOTE_DOMAIN).putBytes(chainId.getBytes(StandardCharsets.UTF_8));
    w.putLong(height).putInt(round).putByte(type == VoteType.PREVOTE ? 1 : 2);
    w.putRaw(blockHash == null ? new byte[32] : blockHash.toBytes());
    return w.toBytes();
  }

  static byte[] proposal(String chainId, long height, int round, int validRound, Hash blockHash) {
    Writer w = header(chainId, 3);
    w.putLong(height).putInt(round).putInt(validRound).putHash(blockHash);
    return w.toBytes();
  }

  private static Writer header(String chainId, int kind) {
    Writer w = new Writer(96);
    w.putBytes(DOMAIN).putBytes(chainId.getBytes(StandardCharsets.UTF_8)).putByte(kind);
    return w;
  }

  static void putOptionalHash(Writer w, Hash h) {
    if (h == null) {
      w.putByte(0);
    } else {
      w.putByte(1).putHash(h);
    }
  }
}

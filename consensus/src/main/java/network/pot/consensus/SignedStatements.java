package network.pot.consensus;

import java.nio.charset.StandardCharsets;

/**
 * The exact bytes validators sign. A domain tag and the chain id come first so that a signature can
 * never be replayed on another chain or mistaken for another kind of statement.
 */
final class SignedStatements {
  private static final byte[] DOMAIN = "pot-consensus/v1".getBytes(StandardCharsets.US_ASCII);

  private SignedStatements() {}

  static byte[] vote(String chainId, VoteType type, long height, int round, Hash blockHash) {
    Writer w = header(chainId, type == VoteType.PREVOTE ? 1 : 2);
    w.putLong(height).putInt(round);
    putOptionalHash(w, blockHash);
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

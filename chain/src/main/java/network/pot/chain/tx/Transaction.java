package network.pot.chain.tx;

import java.nio.charset.StandardCharsets;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.KeyPair;

/**
 * The signed part of a transaction: which chain it is for (replay protection across networks), the
 * sender's next nonce (replay protection within one), the fee and the action.
 */
public record Transaction(String chainId, long nonce, long fee, Payload payload) {
  /** Longest chain id, in bytes. */
  public static final int MAX_CHAIN_ID = 32;

  static final byte[] SIGN_DOMAIN = "pot/tx/v1".getBytes(StandardCharsets.US_ASCII);

  public Transaction {
    if (nonce < 0 || fee < 0) {
      throw new IllegalArgumentException("nonce and fee are non-negative");
    }
    if (chainId.getBytes(StandardCharsets.UTF_8).length > MAX_CHAIN_ID) {
      throw new IllegalArgumentException("chain id longer than 32 bytes");
    }
  }

  /** Writes the canonical body encoding. */
  public void encode(Writer w) {
    w.string(chainId).u64(nonce).u64(fee).u8(payload.type().tag());
    payload.encode(w);
  }

  /** The bytes a sender signs: a domain tag followed by the body encoding. */
  public byte[] signBytes() {
    Writer w = new Writer(128);
    w.raw(SIGN_DOMAIN);
    encode(w);
    return w.toByteArray();
  }

  /** Signs this body with {@code key}. */
  public SignedTransaction sign(KeyPair key) {
    return new SignedTransaction(this, key.publicKey(), key.sign(signBytes()));
  }
}

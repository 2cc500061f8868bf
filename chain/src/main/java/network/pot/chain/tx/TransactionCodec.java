package network.pot.chain.tx;

import network.pot.base.bytes.Bytes;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.DecodeException.Reason;
import network.pot.base.codec.Reader;
import network.pot.base.crypto.PublicKey;

/**
 * Decodes signed transactions from their canonical bytes (layout in {@code docs/encoding.md}).
 * Accepts only canonical input, so that {@code encode(decode(x))} equals {@code x}; does not check
 * the signature (that is validation, not decoding).
 */
public final class TransactionCodec {
  /** Largest encoded transaction, in bytes. */
  public static final int MAX_SIZE = 64 * 1024;

  private TransactionCodec() {}

  /** Decodes one signed transaction that spans all of {@code bytes}. */
  public static SignedTransaction decode(byte[] bytes) throws DecodeException {
    if (bytes.length > MAX_SIZE) {
      throw new DecodeException(Reason.OVERSIZE, "transaction of " + bytes.length + " bytes");
    }
    Reader r = new Reader(bytes);
    SignedTransaction tx = read(r);
    r.end();
    return tx;
  }

  /** Reads one signed transaction from the reader's position. */
  public static SignedTransaction read(Reader r) throws DecodeException {
    String chainId = r.string(Transaction.MAX_CHAIN_ID);
    long nonce = r.amount();
    long fee = r.amount();
    int tag = r.u8();
    TxType type = TxType.byTag(tag);
    if (type == null) {
      throw new DecodeException(Reason.UNKNOWN_TAG, "transaction type " + tag);
    }
    Payload payload = Payload.decode(type, r);
    PublicKey signer = PublicKey.of(r.raw(PublicKey.SIZE));
    Bytes sig = Bytes.wrap(r.raw(PublicKey.SIGNATURE_SIZE));
    return new SignedTransaction(new Transaction(chainId, nonce, fee, payload), signer, sig);
  }
}

package network.pot.chain.tx;

import network.pot.base.bytes.Bytes;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.PublicKey;
import network.pot.chain.crypto.Address;

/**
 * A transaction with its sender's public key and Ed25519 signature. Its identity is the SHA-256 of
 * its canonical encoding ({@link TransactionCodec}); the sender is the key's address.
 */
public final class SignedTransaction {
  private final Transaction body;
  private final PublicKey signer;
  private final Bytes signature;
  private final Address sender;
  private final byte[] encoded;
  private final Hash hash;

  public SignedTransaction(Transaction body, PublicKey signer, Bytes signature) {
    if (signature.length() != PublicKey.SIGNATURE_SIZE) {
      throw new IllegalArgumentException("an Ed25519 signature has 64 bytes");
    }
    this.body = body;
    this.signer = signer;
    this.signature = signature;
    this.sender = Address.of(signer);
    Writer w = new Writer(160);
    body.encode(w);
    w.raw(signer.unsafeArray()).raw(signature);
    this.encoded = w.toByteArray();
    this.hash = Hash.sha256(encoded);
  }

  public Transaction body() {
    return body;
  }

  public PublicKey signer() {
    return signer;
  }

  public Bytes signature() {
    return signature;
  }

  /** The address of the signer: the account that pays and acts. */
  public Address sender() {
    return sender;
  }

  /** SHA-256 of the canonical encoding. */
  public Hash hash() {
    return hash;
  }

  /** The canonical encoding (a copy). */
  public byte[] encode() {
    return encoded.clone();
  }

  /** Length of the canonical encoding in bytes. */
  public int size() {
    return encoded.length;
  }

  /** True when the signature is valid for the body and key (the expensive check). */
  public boolean verifySignature() {
    return signer.verify(body.signBytes(), signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedTransaction t && hash.equals(t.hash);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "SignedTransaction[" + hash + " " + body.payload().type() + " from " + sender + "]";
  }
}

package network.pot.chain.crypto;

import network.pot.chain.codec.Bytes;
import network.pot.chain.codec.Hex;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** A 32-byte Ed25519 public key; verification uses BouncyCastle's constant-size RFC 8032 code. */
public final class PublicKey extends FixedBytes<PublicKey> {
  /** Length in bytes. */
  public static final int SIZE = 32;

  /** Length of a signature in bytes. */
  public static final int SIGNATURE_SIZE = 64;

  private PublicKey(byte[] data) {
    super(data);
  }

  /** Wraps 32 bytes (copied). Whether they are a valid curve point is checked by verify. */
  public static PublicKey of(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
    }
    return new PublicKey(bytes.clone());
  }

  /** True when {@code signature} is a valid Ed25519 signature of {@code message} by this key. */
  public boolean verify(byte[] message, Bytes signature) {
    if (signature.length() != SIGNATURE_SIZE) {
      return false;
    }
    return Ed25519.verify(signature.unsafeArray(), 0, data, 0, message, 0, message.length);
  }

  public Address address() {
    return Address.of(this);
  }

  @Override
  public String toString() {
    return Hex.encode(data);
  }
}

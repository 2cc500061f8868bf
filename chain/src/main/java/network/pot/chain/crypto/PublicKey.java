package network.pot.chain.crypto;

import java.util.concurrent.ConcurrentHashMap;
import network.pot.chain.codec.Bytes;
import network.pot.chain.codec.Hex;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** A 32-byte Ed25519 public key; verification uses BouncyCastle's constant-size RFC 8032 code. */
public final class PublicKey extends FixedBytes<PublicKey> {
  /** Length in bytes. */
  public static final int SIZE = 32;

  /** Length of a signature in bytes. */
  public static final int SIGNATURE_SIZE = 64;

  private static final int POINT_CACHE_SIZE = 1 << 17;
  private static final ConcurrentHashMap<PublicKey, Ed25519.PublicPoint> POINTS =
      new ConcurrentHashMap<>();

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
    Ed25519.PublicPoint point = point();
    return point != null
        && Ed25519.verify(signature.unsafeArray(), 0, point, message, 0, message.length);
  }

  /**
   * The decoded curve point, or null for bytes that are not a valid key (off the curve or of small
   * order). Decoding costs about a fifth of a verification, and senders sign many transactions, so
   * decoded points are kept in a bounded cache shared by all threads.
   */
  private Ed25519.PublicPoint point() {
    Ed25519.PublicPoint p = POINTS.get(this);
    if (p == null) {
      p = Ed25519.validatePublicKeyFullExport(data, 0);
      if (p == null) {
        return null;
      }
      if (POINTS.size() >= POINT_CACHE_SIZE) {
        POINTS.clear();
      }
      POINTS.put(this, p);
    }
    return p;
  }

  public Address address() {
    return Address.of(this);
  }

  @Override
  public String toString() {
    return Hex.encode(data);
  }
}

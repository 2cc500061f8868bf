package network.pot.base.crypto;

import java.util.concurrent.ConcurrentHashMap;
import network.pot.base.bytes.Bytes;
import network.pot.base.bytes.FixedBytes;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A 32-byte Ed25519 public key; verification uses BouncyCastle's RFC 8032 code (the JDK provider
 * verifies several times slower here, and its key-validation rules differ). This is the project's
 * one Ed25519 verifier: accounts, consensus votes and the p2p handshake all verify through it.
 */
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

  /** True when {@code signature} is a valid Ed25519 signature of {@code message} by this key. */
  public boolean verify(byte[] message, byte[] signature) {
    if (signature.length != SIGNATURE_SIZE) {
      return false;
    }
    Ed25519.PublicPoint point = point();
    return point != null && Ed25519.verify(signature, 0, point, message, 0, message.length);
  }

  /**
   * Verifies raw bytes as they come off the wire: a key or signature of the wrong length, or a key
   * that is not a valid point, verifies as false and never throws.
   */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    return publicKey.length == SIZE && new PublicKey(publicKey.clone()).verify(message, signature);
  }

  @Override
  public String toString() {
    return toHex();
  }
}

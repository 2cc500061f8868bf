package network.pot.p2p.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Converts between the JDK's X.509 encoding of an X25519 public key (the handshake's ephemeral key
 * agreement) and the raw 32-byte form that goes on the wire. The X.509 encoding is a fixed 12-byte
 * prefix followed by the raw key (RFC 8410), so the conversion is a prefix check, not ASN.1
 * parsing.
 */
final class RawKeys {
  private static final byte[] X25519_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00
  };

  private RawKeys() {}

  static byte[] rawX25519(PublicKey key) {
    byte[] encoded = key.getEncoded();
    if (encoded.length != X25519_PREFIX.length + 32
        || !Arrays.equals(
            encoded, 0, X25519_PREFIX.length, X25519_PREFIX, 0, X25519_PREFIX.length)) {
      throw new IllegalStateException("unexpected public key encoding");
    }
    return Arrays.copyOfRange(encoded, X25519_PREFIX.length, encoded.length);
  }

  static PublicKey x25519(byte[] raw) throws GeneralSecurityException {
    if (raw.length != 32) {
      throw new IllegalArgumentException("raw key must be 32 bytes");
    }
    byte[] enc = Arrays.copyOf(X25519_PREFIX, X25519_PREFIX.length + 32);
    System.arraycopy(raw, 0, enc, X25519_PREFIX.length, 32);
    return KeyFactory.getInstance("X25519").generatePublic(new X509EncodedKeySpec(enc));
  }
}

package network.pot.p2p.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Converts between the JDK's X.509 encodings of Ed25519 / X25519 public keys and the raw 32-byte
 * form that goes on the wire. Both X.509 encodings are a fixed 12-byte prefix followed by the raw
 * key (RFC 8410), so the conversion is a prefix check, not ASN.1 parsing.
 */
final class RawKeys {
  private static final byte[] ED25519_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };
  private static final byte[] X25519_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00
  };

  private RawKeys() {}

  static byte[] rawEd25519(PublicKey key) {
    return strip(key.getEncoded(), ED25519_PREFIX);
  }

  static byte[] rawX25519(PublicKey key) {
    return strip(key.getEncoded(), X25519_PREFIX);
  }

  static PublicKey ed25519(byte[] raw) throws GeneralSecurityException {
    return KeyFactory.getInstance("Ed25519").generatePublic(wrap(raw, ED25519_PREFIX));
  }

  static PublicKey x25519(byte[] raw) throws GeneralSecurityException {
    return KeyFactory.getInstance("X25519").generatePublic(wrap(raw, X25519_PREFIX));
  }

  private static byte[] strip(byte[] encoded, byte[] prefix) {
    if (encoded.length != prefix.length + 32
        || !Arrays.equals(encoded, 0, prefix.length, prefix, 0, prefix.length)) {
      throw new IllegalStateException("unexpected public key encoding");
    }
    return Arrays.copyOfRange(encoded, prefix.length, encoded.length);
  }

  private static X509EncodedKeySpec wrap(byte[] raw, byte[] prefix) {
    if (raw.length != 32) {
      throw new IllegalArgumentException("raw key must be 32 bytes");
    }
    byte[] enc = Arrays.copyOf(prefix, prefix.length + 32);
    System.arraycopy(raw, 0, enc, prefix.length, 32);
    return new X509EncodedKeySpec(enc);
  }
}

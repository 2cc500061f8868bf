package network.pot.p2p.crypto;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869): turns the X25519 shared secret into session keys. */
final class Hkdf {
  private Hkdf() {}

  static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      ByteArrayOutputStream okm = new ByteArrayOutputStream();
      byte[] t = new byte[0];
      for (int i = 1; okm.size() < length; i++) {
        mac.update(t);
        mac.update(info);
        mac.update((byte) i);
        t = mac.doFinal();
        okm.write(t, 0, t.length);
      }
      byte[] out = okm.toByteArray();
      return java.util.Arrays.copyOf(out, length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}

package network.pot.p2p.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 over the concatenation of byte arrays. */
public final class Sha256 {
  private Sha256() {}

  /** A fresh SHA-256 digest (every JDK has one). */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  public static byte[] of(byte[]... parts) {
    MessageDigest md = digest();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }
}

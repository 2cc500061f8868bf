package network.pot.p2p.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of an encrypted session: AES-256-GCM with a 96-bit nonce that is the frame counter.
 * Each side has one cipher for sending and one for receiving, with different keys, so a nonce is
 * never reused under a key. Frames must be opened in the order they were sealed; TCP guarantees
 * that, and a replayed, dropped or reordered frame fails authentication.
 *
 * <p>Not thread-safe: the owner serializes calls.
 */
public final class SessionCipher {
  /** Bytes the tag adds to every sealed frame. */
  public static final int TAG_BYTES = 16;

  private final SecretKeySpec key;
  private final Cipher cipher;
  private long counter;

  public SessionCipher(byte[] key32) {
    if (key32.length != 32) {
      throw new IllegalArgumentException("session key must be 32 bytes");
    }
    this.key = new SecretKeySpec(key32, "AES");
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** Encrypts and authenticates {@code plain}; the result is {@code plain.length + 16} bytes. */
  public byte[] seal(byte[] plain) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, nextNonce());
      return cipher.doFinal(plain);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Authenticates and decrypts the next frame.
   *
   * @throws AEADBadTagException when the frame was forged, corrupted, replayed or reordered
   */
  public byte[] open(byte[] sealed) throws AEADBadTagException {
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, nextNonce());
      return cipher.doFinal(sealed);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new AEADBadTagException("frame rejected: " + e.getMessage());
    }
  }

  private GCMParameterSpec nextNonce() {
    if (counter == Long.MAX_VALUE) {
      throw new IllegalStateException("session nonce space exhausted; reconnect");
    }
    byte[] nonce = ByteBuffer.allocate(12).putInt(0).putLong(counter++).array();
    return new GCMParameterSpec(TAG_BYTES * 8, nonce);
  }
}

package network.pot.consensus.crypto;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 (RFC 8032) signing and verification with BouncyCastle's low-level implementation, which
 * verifies several times faster than the JDK provider. This is the scheme consensus ships with.
 */
public final class Ed25519Keys {
  /** Public key length in bytes. */
  public static final int PUBLIC_KEY_BYTES = Ed25519.PUBLIC_KEY_SIZE;

  /** Signature length in bytes. */
  public static final int SIGNATURE_BYTES = Ed25519.SIGNATURE_SIZE;

  private static final SignatureVerifier VERIFIER = Ed25519Keys::verifyRaw;

  static {
    Ed25519.precompute();
  }

  private Ed25519Keys() {}

  /** A signer for the 32-byte private key {@code seed} (the RFC 8032 secret). */
  public static Signer fromSeed(byte[] seed) {
    if (seed.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("Ed25519 secret must be 32 bytes, got " + seed.length);
    }
    byte[] sk = seed.clone();
    byte[] pk = new byte[PUBLIC_KEY_BYTES];
    Ed25519.generatePublicKey(sk, 0, pk, 0);
    return new Signer() {
      @Override
      public byte[] publicKey() {
        return pk.clone();
      }

      @Override
      public byte[] sign(byte[] message) {
        byte[] sig = new byte[SIGNATURE_BYTES];
        Ed25519.sign(sk, 0, pk, 0, message, 0, message.length, sig, 0);
        return sig;
      }
    };
  }

  /** A signer with a fresh random key. */
  public static Signer generate(SecureRandom random) {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    random.nextBytes(seed);
    return fromSeed(seed);
  }

  /** The Ed25519 verifier; malformed keys or signatures verify as false, never throw. */
  public static SignatureVerifier verifier() {
    return VERIFIER;
  }

  private static boolean verifyRaw(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != PUBLIC_KEY_BYTES || signature.length != SIGNATURE_BYTES) {
      return false;
    }
    return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
  }
}

package network.pot.consensus.crypto;

import java.security.SecureRandom;
import network.pot.base.crypto.KeyPair;
import network.pot.base.crypto.PublicKey;

/**
 * Ed25519 (RFC 8032), the scheme consensus ships with: {@link Signer} and {@link SignatureVerifier}
 * over the project's one Ed25519 implementation ({@link KeyPair}, {@link PublicKey}), so that
 * consensus keys and signatures are the same as account and p2p ones.
 */
public final class Ed25519Keys {
  /** Public key length in bytes. */
  public static final int PUBLIC_KEY_BYTES = PublicKey.SIZE;

  /** Signature length in bytes. */
  public static final int SIGNATURE_BYTES = PublicKey.SIGNATURE_SIZE;

  private static final SignatureVerifier VERIFIER = PublicKey::verify;

  private Ed25519Keys() {}

  /** A signer for the 32-byte private key {@code seed} (the RFC 8032 secret). */
  public static Signer fromSeed(byte[] seed) {
    return signer(KeyPair.fromSeed(seed));
  }

  /** A signer that signs with {@code key}. */
  public static Signer signer(KeyPair key) {
    byte[] publicKey = key.publicKey().toArray();
    return new Signer() {
      @Override
      public byte[] publicKey() {
        return publicKey.clone();
      }

      @Override
      public byte[] sign(byte[] message) {
        return key.signRaw(message);
      }
    };
  }

  /** A signer with a fresh random key. */
  public static Signer generate(SecureRandom random) {
    return signer(KeyPair.generate(random));
  }

  /** The Ed25519 verifier; malformed keys or signatures verify as false, never throw. */
  public static SignatureVerifier verifier() {
    return VERIFIER;
  }
}

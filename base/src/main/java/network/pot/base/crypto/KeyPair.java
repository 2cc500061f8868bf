package network.pot.base.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import network.pot.base.bytes.Bytes;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 signing key and its public key (BouncyCastle, RFC 8032): account keys, consensus keys
 * and p2p node keys are all this type. The 32-byte seed never appears in {@link #toString()}; only
 * {@link #exportSeed()} reveals it, for the encrypted keystore.
 */
public final class KeyPair {
  /** Length of the private seed in bytes. */
  public static final int SEED_SIZE = 32;

  private final byte[] seed;
  private final PublicKey publicKey;

  private KeyPair(byte[] seed) {
    if (seed.length != SEED_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes");
    }
    this.seed = seed.clone();
    byte[] pk = new byte[PublicKey.SIZE];
    Ed25519.generatePublicKey(this.seed, 0, pk, 0);
    this.publicKey = PublicKey.of(pk);
  }

  /** A fresh key from the system's strong random source. */
  public static KeyPair generate() {
    return generate(new SecureRandom());
  }

  /** A fresh key from {@code random}. */
  public static KeyPair generate(SecureRandom random) {
    byte[] seed = new byte[SEED_SIZE];
    random.nextBytes(seed);
    return new KeyPair(seed);
  }

  /** The key for a given seed (keystores, deterministic test fixtures). */
  public static KeyPair fromSeed(byte[] seed) {
    return new KeyPair(seed);
  }

  /** A deterministic key derived from a label and index: test fixtures and benchmarks only. */
  public static KeyPair deterministic(String label, long index) {
    byte[] idx = new byte[8];
    for (int i = 0; i < 8; i++) {
      idx[i] = (byte) (index >>> (56 - 8 * i));
    }
    return new KeyPair(
        Hash.sha256(label.getBytes(java.nio.charset.StandardCharsets.UTF_8), idx).unsafeArray());
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** Signs {@code message} (RFC 8032 Ed25519, deterministic). */
  public Bytes sign(byte[] message) {
    return Bytes.wrap(signRaw(message));
  }

  /** Signs {@code message}; the 64 signature bytes as a fresh array. */
  public byte[] signRaw(byte[] message) {
    byte[] sig = new byte[PublicKey.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKey.unsafeArray(), 0, message, 0, message.length, sig, 0);
    return sig;
  }

  /** A copy of the private seed; the caller must wipe it after use. */
  public byte[] exportSeed() {
    return seed.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyPair k && Arrays.equals(seed, k.seed);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "KeyPair[" + publicKey.shortHex() + ", private key hidden]";
  }
}

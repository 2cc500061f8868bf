package network.pot.p2p.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/**
 * A node's long-term Ed25519 key pair, created from a 32-byte seed so that it can be stored as the
 * seed alone and so that tests build the same keys from the same seed. The public half is the
 * node's {@link NodeId}.
 */
public final class NodeKey {
  private final byte[] seed;
  private final PrivateKey privateKey;
  private final NodeId id;

  private NodeKey(byte[] seed) throws GeneralSecurityException {
    this.seed = seed.clone();
    KeyFactory kf = KeyFactory.getInstance("Ed25519");
    this.privateKey = kf.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    // The JDK derives the public key from the seed when a generator is fed the same bytes.
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("Ed25519");
    kpg.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
    this.id = NodeId.of(RawKeys.rawEd25519(kpg.generateKeyPair().getPublic()));
  }

  /** The key whose private scalar comes from {@code seed} (32 bytes, RFC 8032). */
  public static NodeKey fromSeed(byte[] seed) {
    if (seed.length != 32) {
      throw new IllegalArgumentException("node key seed must be 32 bytes, got " + seed.length);
    }
    try {
      return new NodeKey(seed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable", e);
    }
  }

  /** A fresh random key. */
  public static NodeKey generate(SecureRandom random) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return fromSeed(seed);
  }

  public NodeId id() {
    return id;
  }

  /** The 32-byte seed, for storing the key. */
  public byte[] seed() {
    return seed.clone();
  }

  /** An Ed25519 signature (64 bytes) over {@code message}. */
  public byte[] sign(byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** Whether {@code signature} is {@code signer}'s valid signature over {@code message}. */
  public static boolean verify(NodeId signer, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(RawKeys.ed25519(signer.bytes()));
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false; // a key that is not a curve point, or a malformed signature
    }
  }

  /** Feeds a key generator exactly the given bytes, so it derives the pair from that seed. */
  private static final class FixedBytes extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      Arrays.fill(out, (byte) 0);
      System.arraycopy(bytes, 0, out, 0, Math.min(out.length, bytes.length));
    }
  }
}

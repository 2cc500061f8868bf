package network.pot.p2p.crypto;

import java.security.SecureRandom;
import network.pot.base.crypto.KeyPair;

/**
 * A node's long-term Ed25519 key pair, created from a 32-byte seed so that it can be stored as the
 * seed alone and so that tests build the same keys from the same seed. The public half is the
 * node's {@link NodeId}. Signing and verification are the project's one Ed25519 ({@link KeyPair},
 * {@link network.pot.base.crypto.PublicKey}).
 */
public final class NodeKey {
  private final KeyPair key;
  private final NodeId id;

  private NodeKey(KeyPair key) {
    this.key = key;
    this.id = NodeId.of(key.publicKey());
  }

  /** The key whose private scalar comes from {@code seed} (32 bytes, RFC 8032). */
  public static NodeKey fromSeed(byte[] seed) {
    if (seed.length != KeyPair.SEED_SIZE) {
      throw new IllegalArgumentException("node key seed must be 32 bytes, got " + seed.length);
    }
    return new NodeKey(KeyPair.fromSeed(seed));
  }

  /** A fresh random key. */
  public static NodeKey generate(SecureRandom random) {
    return new NodeKey(KeyPair.generate(random));
  }

  public NodeId id() {
    return id;
  }

  /** The 32-byte seed, for storing the key. */
  public byte[] seed() {
    return key.exportSeed();
  }

  /** An Ed25519 signature (64 bytes) over {@code message}. */
  public byte[] sign(byte[] message) {
    return key.signRaw(message);
  }

  /**
   * Whether {@code signature} is {@code signer}'s valid signature over {@code message}; a malformed
   * signature or a key that is not a valid curve point verifies as false.
   */
  public static boolean verify(NodeId signer, byte[] message, byte[] signature) {
    return signer.publicKey().verify(message, signature);
  }
}

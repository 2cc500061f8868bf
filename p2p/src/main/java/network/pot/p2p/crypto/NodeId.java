package network.pot.p2p.crypto;

import network.pot.base.bytes.FixedBytes;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.PublicKey;

/**
 * A node's identity on the network: its raw 32-byte Ed25519 public key. Two nodes are the same node
 * exactly when their keys are equal; the handshake proves the remote side holds the matching
 * private key.
 */
public final class NodeId extends FixedBytes<NodeId> {
  /** The length in bytes. */
  public static final int SIZE = PublicKey.SIZE;

  private NodeId(byte[] key) {
    super(key);
  }

  /** Wraps a raw Ed25519 public key (copied). */
  public static NodeId of(byte[] rawPublicKey) {
    if (rawPublicKey.length != SIZE) {
      throw new IllegalArgumentException("node id must be 32 bytes, got " + rawPublicKey.length);
    }
    return new NodeId(rawPublicKey.clone());
  }

  /** The node id of an Ed25519 public key. */
  public static NodeId of(PublicKey key) {
    return new NodeId(key.toArray());
  }

  /** Parses the 64-hex-digit form printed by {@link #toHex()}. */
  public static NodeId fromHex(String hex) {
    return new NodeId(Hex.decode(hex, SIZE, "node id"));
  }

  /** The 32 bytes (a copy), as {@link #toArray()}. */
  public byte[] bytes() {
    return toArray();
  }

  /** The Ed25519 public key this id is, for verifying the node's signatures. */
  public PublicKey publicKey() {
    return PublicKey.of(data);
  }

  @Override
  public String toString() {
    return shortHex();
  }
}

package network.pot.p2p.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A node's identity on the network: its raw 32-byte Ed25519 public key. Two nodes are the same node
 * exactly when their keys are equal; the handshake proves the remote side holds the matching
 * private key.
 */
public final class NodeId implements Comparable<NodeId> {
  /** Length of an Ed25519 public key in bytes. */
  public static final int LENGTH = 32;

  private final byte[] key;

  private NodeId(byte[] key) {
    this.key = key;
  }

  /** Wraps a raw Ed25519 public key (copied). */
  public static NodeId of(byte[] rawPublicKey) {
    if (rawPublicKey.length != LENGTH) {
      throw new IllegalArgumentException("node id must be 32 bytes, got " + rawPublicKey.length);
    }
    return new NodeId(rawPublicKey.clone());
  }

  /** Parses the 64-hex-digit form printed by {@link #toHex()}. */
  public static NodeId fromHex(String hex) {
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("node id must be 64 hex digits: " + hex);
    }
    return of(HexFormat.of().parseHex(hex));
  }

  public byte[] bytes() {
    return key.clone();
  }

  public String toHex() {
    return HexFormat.of().formatHex(key);
  }

  /** The first 8 hex digits: what log lines show. */
  public String shortHex() {
    return toHex().substring(0, 8);
  }

  @Override
  public int compareTo(NodeId o) {
    return Arrays.compareUnsigned(key, o.key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId n && Arrays.equals(key, n.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return shortHex();
  }
}

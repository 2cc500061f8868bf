package network.pot.p2p.crypto;

/**
 * A node's identity on the network: its raw 32-byte Ed25519 public key. Two nodes are the same node
 * exactly when their keys are equal; the handshake proves the remote side holds the matching
 * private key.
 */
public final class NodeId extends Bytes32 implements Comparable<NodeId> {
  private NodeId(byte[] key) {
    super(key, "node id");
  }

  /** Wraps a raw Ed25519 public key (copied). */
  public static NodeId of(byte[] rawPublicKey) {
    return new NodeId(rawPublicKey);
  }

  /** Parses the 64-hex-digit form printed by {@link #toHex()}. */
  public static NodeId fromHex(String hex) {
    return new NodeId(parseHex(hex, "node id"));
  }

  /** The first 8 hex digits: what log lines show. */
  public String shortHex() {
    return toHex().substring(0, 8);
  }

  @Override
  public int compareTo(NodeId o) {
    return compareBytes(o);
  }

  @Override
  public String toString() {
    return shortHex();
  }
}

package network.pot.proof;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The transcript's Merkle tree, shaped as in RFC 6962 (Certificate Transparency): for {@code n > 1}
 * leaves the left subtree holds the largest power of two below {@code n}, so no leaf is duplicated
 * and every tree size has one shape. Hashes are SHA-256 with domain separation: a leaf is {@code
 * SHA-256(0x00 || data)}, an inner node {@code SHA-256(0x01 || left || right)}, so a leaf can never
 * pass for a node. The data of leaf {@code i} is the state hash after {@code i * k} steps.
 */
public final class Merkle {
  private Merkle() {}

  /**
   * Proof that {@code leaf} is the data at {@code index}: the sibling hashes from the leaf up to
   * the root.
   */
  public record Opening(int index, byte[] leaf, List<byte[]> path) {
    public Opening {
      path = List.copyOf(path);
      leaf = leaf.clone();
    }

    @Override
    public byte[] leaf() {
      return leaf.clone();
    }
  }

  public static byte[] leafHash(byte[] data) {
    MessageDigest md = Hashes.sha256();
    md.update((byte) 0);
    md.update(data);
    return md.digest();
  }

  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest md = Hashes.sha256();
    md.update((byte) 1);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /** The root over the leaves' data (at least one leaf). */
  public static byte[] root(List<byte[]> leaves) {
    if (leaves.isEmpty()) {
      throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
    }
    List<byte[]> hashed = new ArrayList<>(leaves.size());
    for (byte[] l : leaves) {
      hashed.add(leafHash(l));
    }
    return subtree(hashed, 0, hashed.size());
  }

  private static byte[] subtree(List<byte[]> h, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return h.get(from);
    }
    int split = largestPowerOfTwoBelow(n);
    return nodeHash(subtree(h, from, from + split), subtree(h, from + split, to));
  }

  private static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }

  /** The opening of leaf {@code index}. */
  public static Opening open(List<byte[]> leaves, int index) {
    if (index < 0 || index >= leaves.size()) {
      throw new IllegalArgumentException("no leaf " + index + " in a tree of " + leaves.size());
    }
    List<byte[]> hashed = new ArrayList<>(leaves.size());
    for (byte[] l : leaves) {
      hashed.add(leafHash(l));
    }
    List<byte[]> path = new ArrayList<>();
    collectPath(hashed, 0, hashed.size(), index, path);
    return new Opening(index, leaves.get(index), path);
  }

  /** Appends the siblings of leaf {@code m} within {@code [from, to)}, nearest the leaf first. */
  private static void collectPath(List<byte[]> h, int from, int to, int m, List<byte[]> path) {
    int n = to - from;
    if (n == 1) {
      return;
    }
    int split = largestPowerOfTwoBelow(n);
    if (m - from < split) {
      collectPath(h, from, from + split, m, path);
      path.add(subtree(h, from + split, to));
    } else {
      collectPath(h, from + split, to, m, path);
      path.add(subtree(h, from, from + split));
    }
  }

  /**
   * Whether {@code o} proves its leaf at its index in a tree of {@code size} leaves with this root
   * (the RFC 9162 inclusion-proof check).
   */
  public static boolean verify(byte[] root, int size, Opening o) {
    long fn = o.index();
    long sn = size - 1L;
    if (fn < 0 || fn > sn || o.leaf.length != Hashes.SIZE) {
      return false;
    }
    byte[] r = leafHash(o.leaf);
    for (byte[] p : o.path()) {
      if (sn == 0 || p.length != Hashes.SIZE) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }
}

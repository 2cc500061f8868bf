package network.pot.proof;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.crypto.Sha256;

/**
 * The transcript's Merkle tree, shaped as in RFC 6962 (Certificate Transparency): for {@code n > 1}
 * leaves the left subtree holds the largest power of two below {@code n}, so no leaf is duplicated
 * and every tree size has one shape. Hashes are SHA-256 with domain separation: a leaf is {@code
 * SHA-256(0x00 || data)}, an inner node {@code SHA-256(0x01 || left || right)}, so a leaf can never
 * pass for a node. The data of leaf {@code i} is the state hash after {@code i * k} steps.
 */
public final class Merkle {
  private static final byte[] LEAF = {0};
  private static final byte[] NODE = {1};

  private Merkle() {}

  /**
   * Proof that {@code leaf} is the data at {@code index}: the sibling hashes from the leaf up to
   * the root.
   */
  // the leaf is copied in and out; an opening is checked with verify, never compared with equals
  @SuppressWarnings("ArrayRecordComponent")
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
    return Sha256.of(LEAF, data);
  }

  public static byte[] nodeHash(byte[] left, byte[] right) {
    return Sha256.of(NODE, left, right);
  }

  /** The root over the leaves' data (at least one leaf). */
  public static byte[] root(List<byte[]> leaves) {
    return new Tree(leaves).root();
  }

  /** The opening of leaf {@code index}. */
  public static Opening open(List<byte[]> leaves, int index) {
    return new Tree(leaves).open(index);
  }

  /**
   * A tree over fixed leaves with every node hashed once, when it is built: a prover serving many
   * openings of one transcript builds it once instead of rehashing the tree for each.
   */
  public static final class Tree {
    private final List<byte[]> leaves;
    private final Map<Long, byte[]> nodes = new HashMap<>();
    private final byte[] root;

    /** Hashes the tree over the leaves' data (at least one leaf). */
    public Tree(List<byte[]> leaves) {
      if (leaves.isEmpty()) {
        throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
      }
      this.leaves = List.copyOf(leaves);
      this.root = hash(0, leaves.size());
    }

    public int size() {
      return leaves.size();
    }

    public byte[] root() {
      return root.clone();
    }

    /** The opening of leaf {@code index}. */
    public Opening open(int index) {
      if (index < 0 || index >= leaves.size()) {
        throw new IllegalArgumentException("no leaf " + index + " in a tree of " + leaves.size());
      }
      List<byte[]> path = new ArrayList<>();
      collectPath(0, leaves.size(), index, path);
      return new Opening(index, leaves.get(index), path);
    }

    /** Hashes the subtree over {@code [from, to)} and remembers every node in it. */
    private byte[] hash(int from, int to) {
      byte[] h;
      if (to - from == 1) {
        h = leafHash(leaves.get(from));
      } else {
        int split = from + largestPowerOfTwoBelow(to - from);
        h = nodeHash(hash(from, split), hash(split, to));
      }
      nodes.put(key(from, to), h);
      return h;
    }

    /** Appends the siblings of leaf {@code m} within {@code [from, to)}, nearest the leaf first. */
    private void collectPath(int from, int to, int m, List<byte[]> path) {
      if (to - from == 1) {
        return;
      }
      int split = from + largestPowerOfTwoBelow(to - from);
      if (m < split) {
        collectPath(from, split, m, path);
        path.add(nodes.get(key(split, to)).clone());
      } else {
        collectPath(split, to, m, path);
        path.add(nodes.get(key(from, split)).clone());
      }
    }

    private static long key(int from, int to) {
      return ((long) from << 32) | to;
    }
  }

  private static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }

  /**
   * Whether {@code o} proves its leaf at its index in a tree of {@code size} leaves with this root
   * (the RFC 9162 inclusion-proof check).
   */
  public static boolean verify(byte[] root, int size, Opening o) {
    long fn = o.index();
    long sn = size - 1L;
    if (fn < 0 || fn > sn || o.leaf.length != Sha256.SIZE) {
      return false;
    }
    byte[] r = leafHash(o.leaf);
    for (byte[] p : o.path()) {
      if (sn == 0 || p.length != Sha256.SIZE) {
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

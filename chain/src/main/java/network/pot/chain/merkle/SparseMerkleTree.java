package network.pot.chain.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinTask;
import java.util.function.BiConsumer;
import java.util.function.Function;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;

/**
 * A persistent, compact sparse Merkle tree: the authenticated map from state keys to values.
 *
 * <p>Each key sits on the 256-bit path of {@code SHA-256(key)}. A subtree holding one entry is that
 * entry's leaf (wherever the paths of other keys part from it), an empty subtree is {@link
 * Hash#ZERO}, and any other subtree is a branch. This shape depends only on the set of keys, so the
 * root is a function of the contents, never of the order of updates; its depth is about log2(n).
 * Leaves hash as {@code H(0x00 || keyHash || valueHash)}, branches as {@code H(0x01 || left ||
 * right)}.
 *
 * <p>Trees are immutable: {@link #update} shares every untouched subtree with its input and
 * rehashes only the paths of changed keys, once per batch, so a block's worth of changes costs one
 * hash per touched node. Old versions stay valid (the state before a block is still usable).
 *
 * @param <V> the value type; leaves keep the value and the hash of its canonical encoding
 */
public final class SparseMerkleTree<V> {
  private static final byte LEAF = 0;
  private static final byte BRANCH = 1;

  /** Subtrees above this depth are rehashed in parallel when a batch is large enough. */
  private static final int PARALLEL_DEPTH = 3;

  private static final int PARALLEL_MIN_UPDATES = 1024;

  private final Node root;

  private SparseMerkleTree(Node root) {
    this.root = root;
  }

  /** The empty tree. */
  public static <V> SparseMerkleTree<V> empty() {
    return new SparseMerkleTree<>(Empty.INSTANCE);
  }

  /** The root hash: {@link Hash#ZERO} for the empty tree. */
  public Hash root() {
    return root.hash();
  }

  /** Number of entries. */
  public int size() {
    return root.size();
  }

  /** The value under {@code key}, or null. */
  @SuppressWarnings("unchecked")
  public V get(Bytes key) {
    Hash kh = keyHash(key);
    Node n = root;
    int depth = 0;
    while (n instanceof Branch b) {
      n = kh.bit(depth++) ? b.right : b.left;
    }
    if (n instanceof Leaf l && l.keyHash.equals(kh)) {
      return (V) l.value;
    }
    return null;
  }

  /** The path of a key: SHA-256 of its bytes. */
  public static Hash keyHash(Bytes key) {
    return Hash.sha256(key.unsafeArray());
  }

  /**
   * A new tree with the changes applied: a null value deletes the key. {@code valueHash} gives the
   * hash of a value's canonical encoding; it is called once per changed value, in parallel.
   */
  public SparseMerkleTree<V> update(Map<Bytes, V> changes, Function<V, Hash> valueHash) {
    if (changes.isEmpty()) {
      return this;
    }
    List<Map.Entry<Bytes, V>> entries = new ArrayList<>(changes.entrySet());
    Leaf[] ups = new Leaf[entries.size()];
    java.util.stream.IntStream.range(0, ups.length)
        .parallel()
        .forEach(
            i -> {
              Map.Entry<Bytes, V> e = entries.get(i);
              V v = e.getValue();
              ups[i] =
                  new Leaf(
                      keyHash(e.getKey()), e.getKey(), v, v == null ? null : valueHash.apply(v));
            });
    Arrays.sort(ups, Comparator.comparing((Leaf l) -> l.keyHash));
    for (int i = 1; i < ups.length; i++) {
      if (ups[i].keyHash.equals(ups[i - 1].keyHash)) {
        throw new IllegalArgumentException("two keys with one hash: " + ups[i].key);
      }
    }
    return new SparseMerkleTree<>(update(root, 0, ups, 0, ups.length));
  }

  /** Visits every entry in key-hash order (a deterministic order). */
  @SuppressWarnings("unchecked")
  public void forEach(BiConsumer<Bytes, V> visitor) {
    walk(root, l -> visitor.accept(l.key, (V) l.value));
  }

  /** A proof that {@code key} has its current value (or is absent) under {@link #root()}. */
  public MerkleProof proof(Bytes key) {
    Hash kh = keyHash(key);
    List<Hash> siblings = new ArrayList<>();
    Node n = root;
    int depth = 0;
    while (n instanceof Branch b) {
      boolean right = kh.bit(depth++);
      siblings.add(right ? b.left.hash() : b.right.hash());
      n = right ? b.right : b.left;
    }
    if (n instanceof Leaf l) {
      return new MerkleProof(kh, siblings, l.keyHash, l.valueHash);
    }
    return new MerkleProof(kh, siblings, null, null);
  }

  static Hash leafHash(Hash keyHash, Hash valueHash) {
    return Hash.node(LEAF, keyHash, valueHash);
  }

  static Hash branchHash(Hash left, Hash right) {
    return Hash.node(BRANCH, left, right);
  }

  private static void walk(Node n, java.util.function.Consumer<Leaf> f) {
    if (n instanceof Branch b) {
      walk(b.left, f);
      walk(b.right, f);
    } else if (n instanceof Leaf l) {
      f.accept(l);
    }
  }

  private static Node update(Node n, int depth, Leaf[] u, int lo, int hi) {
    if (lo == hi) {
      return n;
    }
    if (n instanceof Branch b) {
      int mid = lo;
      while (mid < hi && !u[mid].keyHash.bit(depth)) {
        mid++;
      }
      Node left;
      Node right;
      if (depth < PARALLEL_DEPTH && hi - lo >= PARALLEL_MIN_UPDATES) {
        final int split = mid;
        ForkJoinTask<Node> l =
            ForkJoinTask.adapt(() -> update(b.left, depth + 1, u, lo, split)).fork();
        right = update(b.right, depth + 1, u, mid, hi);
        left = l.join();
      } else {
        left = update(b.left, depth + 1, u, lo, mid);
        right = update(b.right, depth + 1, u, mid, hi);
      }
      if (left == b.left && right == b.right) {
        return b;
      }
      return branch(left, right);
    }
    List<Leaf> leaves = new ArrayList<>(hi - lo + 1);
    boolean replaced = false;
    Leaf existing = n instanceof Leaf l ? l : null;
    for (int i = lo; i < hi; i++) {
      if (existing != null && !replaced && existing.keyHash.compareTo(u[i].keyHash) < 0) {
        leaves.add(existing);
        replaced = true;
      }
      if (existing != null && u[i].keyHash.equals(existing.keyHash)) {
        replaced = true;
      }
      if (u[i].value != null) {
        leaves.add(u[i]);
      }
    }
    if (existing != null && !replaced) {
      leaves.add(existing);
    }
    return build(depth, leaves, 0, leaves.size());
  }

  private static Node build(int depth, List<Leaf> leaves, int lo, int hi) {
    if (hi - lo == 0) {
      return Empty.INSTANCE;
    }
    if (hi - lo == 1) {
      return leaves.get(lo);
    }
    int mid = lo;
    while (mid < hi && !leaves.get(mid).keyHash.bit(depth)) {
      mid++;
    }
    return branch(build(depth + 1, leaves, lo, mid), build(depth + 1, leaves, mid, hi));
  }

  private static Node branch(Node left, Node right) {
    if (left == Empty.INSTANCE && (right == Empty.INSTANCE || right instanceof Leaf)) {
      return right;
    }
    if (right == Empty.INSTANCE && left instanceof Leaf) {
      return left;
    }
    return new Branch(left, right);
  }

  private interface Node {
    Hash hash();

    int size();
  }

  private static final class Empty implements Node {
    static final Empty INSTANCE = new Empty();

    @Override
    public Hash hash() {
      return Hash.ZERO;
    }

    @Override
    public int size() {
      return 0;
    }
  }

  private static final class Leaf implements Node {
    final Hash keyHash;
    final Bytes key;
    final Object value;
    final Hash valueHash;
    final Hash hash;

    Leaf(Hash keyHash, Bytes key, Object value, Hash valueHash) {
      this.keyHash = keyHash;
      this.key = key;
      this.value = value;
      this.valueHash = valueHash;
      this.hash = valueHash == null ? null : leafHash(keyHash, valueHash);
    }

    @Override
    public Hash hash() {
      return hash;
    }

    @Override
    public int size() {
      return 1;
    }
  }

  private static final class Branch implements Node {
    final Node left;
    final Node right;
    final Hash hash;
    final int size;

    Branch(Node left, Node right) {
      this.left = left;
      this.right = right;
      this.hash = branchHash(left.hash(), right.hash());
      this.size = left.size() + right.size();
    }

    @Override
    public Hash hash() {
      return hash;
    }

    @Override
    public int size() {
      return size;
    }
  }
}

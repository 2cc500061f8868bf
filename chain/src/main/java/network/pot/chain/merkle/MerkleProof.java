package network.pot.chain.merkle;

import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;

/**
 * An inclusion or exclusion proof of one key in a {@link SparseMerkleTree}: the sibling hashes from
 * the root down to where the key's path ends, and what sits there (a leaf, maybe of another key, or
 * nothing).
 *
 * @param keyHash the path of the key that was asked for
 * @param siblings sibling hashes, top first
 * @param leafKeyHash the key hash of the leaf that ends the path, or null for an empty subtree
 * @param leafValueHash that leaf's value hash, or null
 */
public record MerkleProof(Hash keyHash, List<Hash> siblings, Hash leafKeyHash, Hash leafValueHash) {
  public MerkleProof {
    siblings = List.copyOf(siblings);
    if (siblings.size() > 256) {
      throw new IllegalArgumentException("a path has at most 256 levels");
    }
  }

  /** The value hash proven for the key, or null when the proof shows the key is absent. */
  public Hash provenValueHash() {
    return keyHash.equals(leafKeyHash) ? leafValueHash : null;
  }

  /** True when this proof, rebuilt bottom-up, yields {@code root}. */
  public boolean verify(Hash root) {
    if (leafKeyHash != null) {
      for (int i = 0; i < siblings.size(); i++) {
        if (leafKeyHash.bit(i) != keyHash.bit(i)) {
          return false;
        }
      }
    }
    Hash h =
        leafKeyHash == null ? Hash.ZERO : SparseMerkleTree.leafHash(leafKeyHash, leafValueHash);
    for (int i = siblings.size() - 1; i >= 0; i--) {
      h =
          keyHash.bit(i)
              ? SparseMerkleTree.branchHash(siblings.get(i), h)
              : SparseMerkleTree.branchHash(h, siblings.get(i));
    }
    return h.equals(root);
  }

  /** Writes the proof: the key hash, the siblings, and the leaf at the path's end if any. */
  public void encode(Writer w) {
    w.raw(keyHash.unsafeArray()).list(siblings, (x, h) -> x.raw(h.unsafeArray()));
    w.bool(leafKeyHash != null);
    if (leafKeyHash != null) {
      w.raw(leafKeyHash.unsafeArray()).raw(leafValueHash.unsafeArray());
    }
  }

  /** Reads a proof written by {@link #encode}. */
  public static MerkleProof decode(Reader r) throws DecodeException {
    Hash key = Hash.of(r.raw(Hash.SIZE));
    List<Hash> siblings = r.list(256, x -> Hash.of(x.raw(Hash.SIZE)));
    if (!r.bool()) {
      return new MerkleProof(key, siblings, null, null);
    }
    return new MerkleProof(key, siblings, Hash.of(r.raw(Hash.SIZE)), Hash.of(r.raw(Hash.SIZE)));
  }
}

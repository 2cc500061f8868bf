package network.pot.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.codec.LittleEndian;
import network.pot.base.crypto.Sha256;
import org.junit.jupiter.api.Test;

class MerkleTest {
  static List<byte[]> leaves(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Sha256.tagged("leaf", LittleEndian.u32(i)));
    }
    return out;
  }

  @Test
  void everyOpeningOfEveryTreeSizeVerifiesAndNothingElseDoes() {
    for (int n = 1; n <= 33; n++) {
      List<byte[]> ls = leaves(n);
      byte[] root = Merkle.root(ls);
      for (int i = 0; i < n; i++) {
        Merkle.Opening o = Merkle.open(ls, i);
        assertThat(Merkle.verify(root, n, o)).as("n=%d i=%d", n, i).isTrue();
        // the tree size is part of the commitment; an index beyond it never verifies
        assertThat(Merkle.verify(root, i, o)).as("index beyond size n=%d i=%d", n, i).isFalse();
        if (n > 1) {
          int other = (i + 1) % n;
          assertThat(Merkle.verify(root, n, new Merkle.Opening(other, o.leaf(), o.path())))
              .as("moved n=%d i=%d", n, i)
              .isFalse();
          assertThat(Merkle.verify(root, n, new Merkle.Opening(i, ls.get(other), o.path())))
              .isFalse();
          for (int p = 0; p < o.path().size(); p++) {
            List<byte[]> forged = new ArrayList<>(o.path());
            byte[] h = forged.get(p).clone();
            h[p % 32] ^= 1;
            forged.set(p, h);
            assertThat(Merkle.verify(root, n, new Merkle.Opening(i, o.leaf(), forged))).isFalse();
          }
        }
      }
    }
  }

  @Test
  void leavesAndNodesAreDomainSeparated() {
    List<byte[]> two = leaves(2);
    byte[] root = Merkle.root(two);
    assertThat(root)
        .isEqualTo(Merkle.nodeHash(Merkle.leafHash(two.get(0)), Merkle.leafHash(two.get(1))));
    // the concatenation of two leaf hashes, offered as one leaf, does not give the same root
    assertThat(Merkle.root(List.of(root))).isNotEqualTo(root);
    assertThat(Merkle.root(leaves(1))).isEqualTo(Merkle.leafHash(leaves(1).get(0)));
  }

  @Test
  void shapeFollowsTheLargestPowerOfTwoSplit() {
    List<byte[]> ls = leaves(3);
    byte[] left = Merkle.nodeHash(Merkle.leafHash(ls.get(0)), Merkle.leafHash(ls.get(1)));
    assertThat(Merkle.root(ls)).isEqualTo(Merkle.nodeHash(left, Merkle.leafHash(ls.get(2))));
    assertThat(Merkle.open(ls, 2).path()).hasSize(1);
    assertThat(Merkle.open(ls, 0).path()).hasSize(2);
  }

  @Test
  void aTreeBuiltOnceServesTheSameOpeningsAndKeepsItsNodes() {
    List<byte[]> ls = leaves(13);
    Merkle.Tree tree = new Merkle.Tree(ls);
    assertThat(tree.size()).isEqualTo(13);
    assertThat(tree.root()).isEqualTo(Merkle.root(ls));
    for (int i = 0; i < ls.size(); i++) {
      Merkle.Opening o = tree.open(i);
      assertThat(Merkle.verify(tree.root(), ls.size(), o)).isTrue();
      // a caller that scribbles over an opening does not change the next one
      o.path().forEach(h -> h[0] ^= 1);
      assertThat(Merkle.verify(tree.root(), ls.size(), tree.open(i))).as("i=%d", i).isTrue();
    }
  }
}

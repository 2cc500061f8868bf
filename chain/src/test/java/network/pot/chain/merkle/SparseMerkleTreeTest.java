package network.pot.chain.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;

class SparseMerkleTreeTest {
  private static Hash valueHash(String v) {
    return Hash.sha256(v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static Bytes key(int i) {
    return new Writer(3).u16(i).u8(7).toBytes();
  }

  @Property(tries = 40)
  void rootDependsOnContentsNotOnUpdateOrder(
      @ForAll @IntRange(min = 0, max = 300) int n, @ForAll long seed) {
    Random rnd = new Random(seed);
    Map<Bytes, String> content = new HashMap<>();
    for (int i = 0; i < n; i++) {
      content.put(key(rnd.nextInt(1000)), "v" + rnd.nextInt(5));
    }
    SparseMerkleTree<String> all =
        SparseMerkleTree.<String>empty().update(content, SparseMerkleTreeTest::valueHash);

    List<Bytes> keys = new ArrayList<>(content.keySet());
    Collections.shuffle(keys, rnd);
    SparseMerkleTree<String> inc = SparseMerkleTree.empty();
    // insert one at a time, with junk keys that are later deleted
    for (Bytes k : keys) {
      Map<Bytes, String> one = new HashMap<>();
      one.put(k, content.get(k));
      one.put(key(2000 + rnd.nextInt(50)), "junk");
      inc = inc.update(one, SparseMerkleTreeTest::valueHash);
    }
    Map<Bytes, String> deletes = new HashMap<>();
    for (int j = 2000; j < 2050; j++) {
      deletes.put(key(j), null);
    }
    inc = inc.update(deletes, SparseMerkleTreeTest::valueHash);
    assertThat(inc.root()).as("seed %d", seed).isEqualTo(all.root());
    assertThat(inc.size()).isEqualTo(content.size());
    for (Bytes k : keys) {
      assertThat(inc.get(k)).isEqualTo(content.get(k));
      MerkleProof p = inc.proof(k);
      assertThat(p.verify(inc.root())).isTrue();
      assertThat(p.provenValueHash()).isEqualTo(valueHash(content.get(k)));
    }
    MerkleProof absent = inc.proof(key(5000));
    assertThat(absent.verify(inc.root())).isTrue();
    assertThat(absent.provenValueHash()).isNull();
  }

  @Property(tries = 20)
  void deletingEverythingGivesTheEmptyRoot(@ForAll @IntRange(min = 1, max = 200) int n) {
    Map<Bytes, String> content = new HashMap<>();
    Map<Bytes, String> deletes = new HashMap<>();
    for (int i = 0; i < n; i++) {
      content.put(key(i), "x" + i);
      deletes.put(key(i), null);
    }
    SparseMerkleTree<String> t =
        SparseMerkleTree.<String>empty().update(content, SparseMerkleTreeTest::valueHash);
    assertThat(t.update(deletes, SparseMerkleTreeTest::valueHash).root()).isEqualTo(Hash.ZERO);
  }

  @Property(tries = 20)
  void aProofDoesNotVerifyAgainstAnotherRoot(@ForAll @IntRange(min = 2, max = 100) int n) {
    Map<Bytes, String> content = new HashMap<>();
    for (int i = 0; i < n; i++) {
      content.put(key(i), "x" + i);
    }
    SparseMerkleTree<String> t =
        SparseMerkleTree.<String>empty().update(content, SparseMerkleTreeTest::valueHash);
    SparseMerkleTree<String> t2 =
        t.update(Map.of(key(0), "changed"), SparseMerkleTreeTest::valueHash);
    assertThat(t.proof(key(1)).verify(t2.root())).isFalse();
    assertThat(t.proof(key(0)).verify(t2.root())).isFalse();
    assertThat(t2.proof(key(0)).provenValueHash()).isEqualTo(valueHash("changed"));
  }

  @net.jqwik.api.Example
  void largeBatchesHashedInParallelMatchSmallSequentialOnes() {
    Map<Bytes, String> all = new HashMap<>();
    SparseMerkleTree<String> chunked = SparseMerkleTree.empty();
    for (int c = 0; c < 20; c++) {
      Map<Bytes, String> chunk = new HashMap<>();
      for (int i = 0; i < 500; i++) {
        Bytes k = new Writer(3).u8(c).u16(i).toBytes();
        chunk.put(k, "v" + i);
      }
      all.putAll(chunk);
      chunked = chunked.update(chunk, SparseMerkleTreeTest::valueHash);
    }
    SparseMerkleTree<String> once =
        SparseMerkleTree.<String>empty().update(all, SparseMerkleTreeTest::valueHash);
    assertThat(once.root()).isEqualTo(chunked.root());
    Map<Bytes, String> rewrite = new HashMap<>();
    all.keySet().forEach(k -> rewrite.put(k, "w"));
    SparseMerkleTree<String> a = once.update(rewrite, SparseMerkleTreeTest::valueHash);
    SparseMerkleTree<String> b =
        SparseMerkleTree.<String>empty().update(rewrite, SparseMerkleTreeTest::valueHash);
    assertThat(a.root()).isEqualTo(b.root());
  }
}

package network.pot.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.bytes.Hex;
import network.pot.base.codec.LittleEndian;
import network.pot.base.crypto.Challenge;
import network.pot.base.crypto.Sha256;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.OptimizerSpec;
import network.pot.tensor.train.Seeds;
import org.junit.jupiter.api.Test;

/**
 * Protocol constants every implementation must reproduce: a change here is a protocol change (a new
 * version tag), never a refactoring.
 */
class GoldenVectorsTest {
  static final byte[] ZERO32 = new byte[32];

  @Test
  void taskIdOfTheReferenceTask() {
    TaskSpec t =
        new TaskSpec(ZERO32, ModelSpec.mlp(), OptimizerSpec.sgd(0.01f, 0.9f, 0f), 64, 5000, 25, 4);
    assertThat(Hex.encode(t.taskId()))
        .isEqualTo("b09c1e09f27b9910ac2b20fdf8aa8280b44ae7e31363ad6947cecc12d9085efb");
  }

  @Test
  void bindingKeys() {
    Seeds s = new Binding(ZERO32, new byte[] {1, 2, 3}, new byte[] {4, 5}).seeds();
    assertThat(List.of(s.initKey(), s.dataKey(), s.dropoutKey()))
        .isEqualTo(List.of(4559636244527242366L, 6430122585675812574L, -6282541713797786467L));
  }

  @Test
  void merkleRootOfFiveLeaves() {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      leaves.add(Sha256.tagged("leaf", LittleEndian.u32(i)));
    }
    assertThat(Hex.encode(Merkle.root(leaves)))
        .isEqualTo("222aeefd15479813f8126b248f89f199eac166720deefd4d4e5e7dd84fb0be0e");
    // the same root spelled out: ((0,1),(2,3)),4 with 0x00 leaves and 0x01 nodes
    byte[][] l = new byte[5][];
    for (int i = 0; i < 5; i++) {
      l[i] = Sha256.of(new byte[] {0}, leaves.get(i));
    }
    byte[] left = node(node(l[0], l[1]), node(l[2], l[3]));
    assertThat(Merkle.root(leaves)).isEqualTo(node(left, l[4]));
  }

  private static byte[] node(byte[] a, byte[] b) {
    return Sha256.of(new byte[] {1}, a, b);
  }

  @Test
  void challengeSegments() {
    assertThat(Challenge.segments(ZERO32, new byte[] {0}, 200, 4))
        .isEqualTo(List.of(0, 12, 37, 149, 176, 199));
  }
}

package network.pot.node.work;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import network.pot.proof.Merkle;

/**
 * The transcript artifact: a miner's state hashes, 32 bytes each in order, stored under its Merkle
 * root. A verifier that fetches it checks the root and the count before building openings from it.
 */
public final class Transcripts {
  private Transcripts() {}

  public static byte[] encode(List<byte[]> leaves) {
    byte[] out = new byte[leaves.size() * 32];
    for (int i = 0; i < leaves.size(); i++) {
      System.arraycopy(leaves.get(i), 0, out, i * 32, 32);
    }
    return out;
  }

  /**
   * The leaves, if {@code bytes} holds exactly {@code count} of them with Merkle root {@code root}.
   */
  public static Optional<List<byte[]>> decode(byte[] bytes, int count, byte[] root) {
    if (bytes.length != count * 32) {
      return Optional.empty();
    }
    List<byte[]> leaves = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      leaves.add(Arrays.copyOfRange(bytes, i * 32, i * 32 + 32));
    }
    return Arrays.equals(Merkle.root(leaves), root) ? Optional.of(leaves) : Optional.empty();
  }
}

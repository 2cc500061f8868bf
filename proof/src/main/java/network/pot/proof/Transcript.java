package network.pot.proof;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import network.pot.base.crypto.Sha256;

/**
 * The prover's list of state hashes, leaf {@code i} being the state after {@code i * k} steps, and
 * the openings it serves from them.
 */
public final class Transcript implements OpeningSource {
  private final List<byte[]> stateHashes;
  private final Merkle.Tree tree;

  public Transcript(List<byte[]> stateHashes) {
    List<byte[]> copy = new ArrayList<>(stateHashes.size());
    for (byte[] h : stateHashes) {
      if (h.length != Sha256.SIZE) {
        throw new IllegalArgumentException("a state hash is 32 bytes");
      }
      copy.add(h.clone());
    }
    this.stateHashes = List.copyOf(copy);
    this.tree = new Merkle.Tree(this.stateHashes);
  }

  public int size() {
    return stateHashes.size();
  }

  public byte[] stateHash(int i) {
    return stateHashes.get(i).clone();
  }

  public List<byte[]> stateHashes() {
    List<byte[]> out = new ArrayList<>(stateHashes.size());
    stateHashes.forEach(h -> out.add(h.clone()));
    return out;
  }

  public byte[] root() {
    return tree.root();
  }

  @Override
  public Optional<Merkle.Opening> open(int index) {
    if (index < 0 || index >= stateHashes.size()) {
      return Optional.empty();
    }
    return Optional.of(tree.open(index));
  }
}

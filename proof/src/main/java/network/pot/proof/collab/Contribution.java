package network.pot.proof.collab;

import network.pot.proof.Commitment;

/**
 * What a miner commits for one round: the round, its enrollment, and the commitment of its H-step
 * transcript under the round binding. The commitment's model hash is the hash of the update (the
 * miner's weights after H steps), its Merkle root the transcript root. The update's bytes are the
 * transcript's last checkpoint, fetched as a blob.
 */
public record Contribution(int round, Enrollment enrollment, Commitment commitment) {
  public Contribution {
    if (round < 0) {
      throw new IllegalArgumentException("round must be >= 0");
    }
  }

  /** The update hash: the engine's model hash of the miner's weights after H steps. */
  public byte[] updateHash() {
    return commitment.modelHash();
  }
}

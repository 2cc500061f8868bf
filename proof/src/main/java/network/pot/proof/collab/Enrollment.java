package network.pot.proof.collab;

import java.util.Arrays;
import network.pot.base.bytes.Hex;

/**
 * A miner's place in a collaborative task: its id, the hash of the block that included its
 * enrollment, and the slot (in {@code [0, M)}) the chain gave it, which names its data shard.
 */
// the id is copied in and out, like Commitment's hashes
@SuppressWarnings("ArrayRecordComponent")
public record Enrollment(byte[] minerId, byte[] enrollHash, int slot) {
  public Enrollment {
    if (minerId.length == 0 || enrollHash.length == 0) {
      throw new IllegalArgumentException("miner id and enrollment hash must not be empty");
    }
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, got " + slot);
    }
    minerId = minerId.clone();
    enrollHash = enrollHash.clone();
  }

  @Override
  public byte[] minerId() {
    return minerId.clone();
  }

  @Override
  public byte[] enrollHash() {
    return enrollHash.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Enrollment e
        && slot == e.slot
        && Arrays.equals(minerId, e.minerId)
        && Arrays.equals(enrollHash, e.enrollHash);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(minerId) + Arrays.hashCode(enrollHash)) + slot;
  }

  @Override
  public String toString() {
    return "Enrollment[miner=" + Hex.encode(minerId) + ", slot=" + slot + "]";
  }
}

package network.pot.proof;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import network.pot.base.codec.LittleEndian;
import network.pot.base.crypto.Sha256;
import network.pot.tensor.train.Seeds;

/**
 * Ties a training run to one miner and one moment: the three engine keys (initial weights, data
 * order, dropout masks) are a PRF of (task id, miner id, enrollment block hash). Work cannot start
 * before the enrollment block exists, and one miner's transcript does not verify under another's
 * id.
 *
 * <p>Key {@code p} (for {@code p} in {@code init}, {@code data}, {@code dropout}) is the first
 * eight bytes, little-endian, of {@code tagged("pot/binding/v1", p, taskId, minerId, enrollHash)}
 * (see {@link Sha256#tagged}).
 */
public final class Binding {
  private final byte[] taskId;
  private final byte[] minerId;
  private final byte[] enrollHash;

  public Binding(byte[] taskId, byte[] minerId, byte[] enrollHash) {
    if (taskId.length != Sha256.SIZE) {
      throw new IllegalArgumentException("task id must be 32 bytes");
    }
    if (minerId.length == 0 || enrollHash.length == 0) {
      throw new IllegalArgumentException("miner id and enrollment hash must not be empty");
    }
    this.taskId = taskId.clone();
    this.minerId = minerId.clone();
    this.enrollHash = enrollHash.clone();
  }

  public byte[] taskId() {
    return taskId.clone();
  }

  public byte[] minerId() {
    return minerId.clone();
  }

  public byte[] enrollHash() {
    return enrollHash.clone();
  }

  /** The engine keys of this binding. */
  public Seeds seeds() {
    return new Seeds(key("init"), key("data"), key("dropout"));
  }

  private long key(String purpose) {
    return LittleEndian.getU64(
        Sha256.tagged(
            "pot/binding/v1",
            purpose.getBytes(StandardCharsets.UTF_8),
            taskId,
            minerId,
            enrollHash),
        0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Binding b
        && Arrays.equals(taskId, b.taskId)
        && Arrays.equals(minerId, b.minerId)
        && Arrays.equals(enrollHash, b.enrollHash);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(taskId) + Arrays.hashCode(minerId))
        + Arrays.hashCode(enrollHash);
  }
}

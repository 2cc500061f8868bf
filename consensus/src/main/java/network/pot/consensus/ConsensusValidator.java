package network.pot.consensus;

import java.util.Arrays;
import network.pot.base.bytes.Hex;

/**
 * One member of a validator set: its public key (which verifies its votes) and its voting power
 * (its bonded stake in base units, or any positive weight the ledger assigns).
 */
public final class ConsensusValidator {
  private final byte[] publicKey;
  private final long power;

  /** A validator; {@code power} must be positive. */
  public ConsensusValidator(byte[] publicKey, long power) {
    if (power <= 0) {
      throw new IllegalArgumentException("voting power must be positive, got " + power);
    }
    if (publicKey.length == 0) {
      throw new IllegalArgumentException("empty public key");
    }
    this.publicKey = publicKey.clone();
    this.power = power;
  }

  /** A copy of the public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** True when this validator's key is {@code key}. */
  public boolean hasKey(byte[] key) {
    return Arrays.equals(publicKey, key);
  }

  /** Voting power. */
  public long power() {
    return power;
  }

  @Override
  public String toString() {
    return Hex.encode(publicKey, 0, Math.min(4, publicKey.length)) + ":" + power;
  }
}

package network.pot.chain.crypto;

import java.security.MessageDigest;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.base.crypto.Sha256;

/**
 * A validator's chain of secrets for the randomness beacon: {@code s(L) = seed}, {@code s(i-1) =
 * SHA-256(s(i))}, where the seed is derived from the validator's key. The chain registers its
 * anchor {@code s(0)}; the {@code j}-th block the validator proposes reveals {@code s(j)}, which
 * anyone checks by hashing it once to the value revealed before it (the anchor for the first), and
 * which nobody without the key can compute beforehand. Each value has exactly one preimage the
 * validator can reveal, so a proposer has no choice over its contribution: it can reveal or not
 * propose.
 *
 * <p>The chain is a pure function of the key and its length, so a node recomputes it after a
 * restart; it keeps every {@value #STRIDE}-th value and hashes at most that many times per reveal.
 */
public final class RevealChain {
  /** How many blocks a validator can propose on one anchor. */
  public static final int LENGTH = 1 << 20;

  private static final int STRIDE = 1024;

  private final int length;
  private final byte[][] marks;
  private int stretchMark = -1;
  private byte[][] stretch;

  private RevealChain(byte[] seed, int length) {
    if (length < 1) {
      throw new IllegalArgumentException("a reveal chain has at least one value: " + length);
    }
    this.length = length;
    // marks[k] = s(length - k * STRIDE): walking down from the seed
    this.marks = new byte[length / STRIDE + 1][];
    MessageDigest md = Sha256.digest();
    byte[] x = seed;
    for (int steps = 0; ; steps++) {
      if (steps % STRIDE == 0) {
        marks[steps / STRIDE] = x;
      }
      if (steps == length) {
        break;
      }
      x = md.digest(x);
    }
  }

  /** The chain of {@code key}, of the standard {@link #LENGTH}. */
  public static RevealChain of(KeyPair key) {
    return of(key, LENGTH);
  }

  /**
   * The chain of {@code key} with {@code length} values after the anchor (tests use short ones).
   */
  public static RevealChain of(KeyPair key, int length) {
    return new RevealChain(Sha256.tagged("pot/reveal-seed/v1", key.exportSeed()), length);
  }

  /** The anchor {@code s(0)}, registered on chain before any reveal. */
  public Hash anchor() {
    return value(0);
  }

  /** How many values the chain can reveal. */
  public int length() {
    return length;
  }

  /**
   * The {@code index}-th value, {@code 0 <= index <= length}: the one the {@code index}-th proposed
   * block reveals. Consecutive indexes cost one hash each on average (a stretch between two kept
   * values is expanded at once and kept).
   */
  public synchronized Hash value(long index) {
    if (index < 0 || index > length) {
      throw new IllegalArgumentException(
          "reveal " + index + " is outside the chain of " + length + " values");
    }
    long fromSeed = length - index; // hashes from the seed down to s(index)
    int mark = (int) (fromSeed / STRIDE);
    if (mark != stretchMark) {
      MessageDigest md = Sha256.digest();
      byte[] x = marks[mark];
      int n = (int) Math.min(STRIDE, length - (long) mark * STRIDE + 1);
      stretch = new byte[n][];
      for (int i = 0; i < n; i++) {
        stretch[i] = x;
        x = md.digest(x);
      }
      stretchMark = mark;
    }
    return Hash.of(stretch[(int) (fromSeed - (long) mark * STRIDE)]);
  }

  /**
   * The value to reveal after {@code revealed} values: what the next proposed block carries.
   *
   * @throws IllegalStateException when the chain is used up
   */
  public Hash next(long revealed) {
    if (revealed >= length) {
      throw new IllegalStateException(
          "the reveal chain's " + length + " values are used up: register a new anchor");
    }
    return value(revealed + 1);
  }

  /** Whether {@code reveal} is the value that follows {@code previous}: it hashes to it. */
  public static boolean follows(Hash reveal, Hash previous) {
    return MessageDigest.isEqual(Sha256.of(reveal.unsafeArray()), previous.unsafeArray());
  }
}

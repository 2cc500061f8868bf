package network.pot.consensus.crypto;

import java.util.HashMap;
import java.util.Map;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.Writer;

/**
 * Remembers verification results so that a signature seen many times (a vote re-broadcast, or the
 * same vote arriving at every node of a simulation) is checked once. Verification is a pure
 * function, so the memo never changes an answer; forged signatures are still checked (once) and
 * rejected. Not thread-safe: use one per consensus thread or per simulation.
 */
public final class CachingVerifier implements SignatureVerifier {
  private final SignatureVerifier inner;
  private final int capacity;
  private final Map<Bytes, Boolean> memo = new HashMap<>();
  private long hits;
  private long misses;

  /** Wraps {@code inner}, forgetting everything once {@code capacity} entries are stored. */
  public CachingVerifier(SignatureVerifier inner, int capacity) {
    this.inner = inner;
    this.capacity = capacity;
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    Bytes key =
        new Writer(8 + publicKey.length + message.length + signature.length)
            .bytes(Bytes.wrap(publicKey))
            .bytes(Bytes.wrap(message))
            .raw(signature)
            .toBytes();
    Boolean known = memo.get(key);
    if (known != null) {
      hits++;
      return known;
    }
    misses++;
    boolean ok = inner.verify(publicKey, message, signature);
    if (memo.size() >= capacity) {
      memo.clear();
    }
    memo.put(key, ok);
    return ok;
  }

  /** Number of answers served from the memo. */
  public long hits() {
    return hits;
  }

  /** Number of signatures actually verified. */
  public long misses() {
    return misses;
  }
}

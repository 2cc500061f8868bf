package network.pot.p2p.gossip;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import network.pot.base.bytes.Bytes;

/**
 * The gossip messages this node relayed recently, by hash, so that a peer that only heard about one
 * (an announcement instead of the message) can ask for it. Bounded by count and by total bytes; the
 * oldest go first. Thread-safe.
 */
public final class RecentMessages {
  private final int maxCount;
  private final long maxBytes;
  private final LinkedHashMap<Bytes, byte[]> messages = new LinkedHashMap<>();
  private long bytes;

  public RecentMessages(int maxCount, long maxBytes) {
    this.maxCount = maxCount;
    this.maxBytes = maxBytes;
  }

  /** Remembers {@code message} (kept as given) under {@code hash}. */
  public synchronized void put(byte[] hash, byte[] message) {
    if (message.length > maxBytes) {
      return;
    }
    byte[] old = messages.put(Bytes.of(hash), message);
    bytes += message.length - (old == null ? 0 : old.length);
    Iterator<byte[]> it = messages.values().iterator();
    while (messages.size() > maxCount || bytes > maxBytes) {
      bytes -= it.next().length;
      it.remove();
    }
  }

  public synchronized Optional<byte[]> get(byte[] hash) {
    return Optional.ofNullable(messages.get(Bytes.wrap(hash)));
  }
}

package network.pot.p2p.gossip;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import network.pot.base.bytes.Bytes;
import network.pot.p2p.time.TimeSource;

/**
 * The set of gossip message hashes seen recently, for dedup: a message is delivered and relayed
 * only the first time. Bounded both by count (oldest dropped first) and by age, so memory stays
 * flat under any load. Thread-safe; time is injected.
 */
public final class SeenCache {
  private final int capacity;
  private final long ttlMillis;
  private final TimeSource time;
  private final LinkedHashMap<Bytes, Long> seen = new LinkedHashMap<>();

  public SeenCache(int capacity, long ttlMillis, TimeSource time) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1");
    }
    this.capacity = capacity;
    this.ttlMillis = ttlMillis;
    this.time = time;
  }

  /** Records {@code hash}; true if it was not seen before (within the window). */
  public synchronized boolean add(byte[] hash) {
    long now = time.millis();
    expire(now);
    Bytes key = Bytes.of(hash);
    if (seen.containsKey(key)) {
      return false;
    }
    seen.put(key, now);
    if (seen.size() > capacity) {
      Iterator<Bytes> it = seen.keySet().iterator();
      it.next();
      it.remove();
    }
    return true;
  }

  public synchronized boolean contains(byte[] hash) {
    expire(time.millis());
    return seen.containsKey(Bytes.wrap(hash));
  }

  public synchronized int size() {
    return seen.size();
  }

  private void expire(long now) {
    Iterator<Map.Entry<Bytes, Long>> it = seen.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Bytes, Long> e = it.next();
      if (now - e.getValue() < ttlMillis) {
        break; // insertion order = time order
      }
      it.remove();
    }
  }
}

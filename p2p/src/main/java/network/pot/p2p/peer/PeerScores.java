package network.pot.p2p.peer;

import java.util.HashMap;
import java.util.Map;
import network.pot.p2p.time.TimeSource;

/**
 * Scores peers and bans the ones that misbehave. Each penalty lowers a peer's score; the score
 * recovers linearly toward zero with time, so occasional faults are forgiven while a stream of
 * invalid messages crosses {@link #BAN_SCORE} and bans the peer for a fixed period. Peers are named
 * by a string key: the node id once the handshake authenticated it, the remote IP address before.
 * Thread-safe; time is injected.
 */
public final class PeerScores {
  /** A score at or below this bans the peer. */
  public static final int BAN_SCORE = -100;

  private final TimeSource time;
  private final long banMillis;
  private final double recoveryPerMilli;
  private final Map<String, Entry> entries = new HashMap<>();

  private static final class Entry {
    double score;
    long updated;
    long bannedUntil = Long.MIN_VALUE;
  }

  /**
   * @param banMillis how long a ban lasts
   * @param recoveryPerSecond score points regained per second of good behaviour
   */
  public PeerScores(TimeSource time, long banMillis, double recoveryPerSecond) {
    this.time = time;
    this.banMillis = banMillis;
    this.recoveryPerMilli = recoveryPerSecond / 1000.0;
  }

  /** Records a penalty; returns true when this penalty (or an earlier one) has the peer banned. */
  public synchronized boolean penalize(String peer, Penalty penalty) {
    long now = time.millis();
    Entry e = entries.computeIfAbsent(peer, k -> new Entry());
    recover(e, now);
    e.score -= penalty.weight();
    if (e.score <= BAN_SCORE && e.bannedUntil <= now) {
      e.bannedUntil = now + banMillis;
    }
    return e.bannedUntil > now;
  }

  /** Bans a peer now for the configured period, whatever its score. */
  public synchronized void ban(String peer) {
    Entry e = entries.computeIfAbsent(peer, k -> new Entry());
    e.bannedUntil = time.millis() + banMillis;
  }

  public synchronized boolean isBanned(String peer) {
    Entry e = entries.get(peer);
    if (e == null) {
      return false;
    }
    long now = time.millis();
    if (e.bannedUntil > now) {
      return true;
    }
    if (e.score <= BAN_SCORE) {
      e.score = 0; // the ban was served: start again from neutral
      e.updated = now;
    }
    return false;
  }

  /** The peer's current score (0 = neutral, negative = penalized). */
  public synchronized double score(String peer) {
    Entry e = entries.get(peer);
    if (e == null) {
      return 0;
    }
    recover(e, time.millis());
    return e.score;
  }

  private void recover(Entry e, long now) {
    if (now > e.updated && e.bannedUntil <= now) {
      e.score = Math.min(0, e.score + (now - e.updated) * recoveryPerMilli);
    }
    e.updated = Math.max(e.updated, now);
  }
}

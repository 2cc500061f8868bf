package network.pot.p2p;

import java.util.concurrent.atomic.AtomicLong;
import network.pot.p2p.time.TimeSource;

/** A clock tests move by hand. */
public final class ManualTime implements TimeSource {
  private final AtomicLong now = new AtomicLong(1_000_000);

  @Override
  public long millis() {
    return now.get();
  }

  public void advance(long millis) {
    now.addAndGet(millis);
  }
}

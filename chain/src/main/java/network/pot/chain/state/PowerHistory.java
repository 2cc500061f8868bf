package network.pot.chain.state;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.chain.crypto.Address;

/**
 * The recent validator sets, each with the first height it signed, so that a slash can use a
 * validator's voting power at the infraction height. Genesis records the first set (from height 1).
 * Only the sets that still cover a height within the longer of the evidence age and the unbonding
 * period are kept, at most {@code max(evidenceMaxAge, unbondingPeriod) / epochLength + 2} of them
 * ({@link Params#crossCheck()} keeps that under {@link #MAX_ENTRIES}): since the unbonding period
 * is never shorter than the evidence age, governance can raise the age as far as the unbonding
 * period and every height it then accepts evidence for is still covered.
 */
public record PowerHistory(List<Entry> entries) implements StateValue {
  /** The set active from height {@code from} until the next entry's. */
  public record Entry(long from, ActiveSet set) {}

  /** Most entries a history holds (and decodes). */
  public static final int MAX_ENTRIES = 1 << 12;

  public PowerHistory {
    entries = List.copyOf(entries);
  }

  /**
   * {@code validator}'s voting power at {@code height}; 0 when it was not in the set then. A height
   * older than the history (evidence accepted after the unbonding period was raised, before the
   * history grew back to it) gets the oldest set's: the nearest power known, rather than none.
   */
  public long powerAt(Address validator, long height) {
    ActiveSet.Member m = entries.isEmpty() ? null : entries.get(0).set().member(validator);
    for (Entry e : entries) {
      if (e.from() > height) {
        break;
      }
      m = e.set().member(validator);
    }
    return m == null ? 0 : m.power();
  }

  /**
   * This history with {@code set} active from {@code from}, less the sets that end before {@code
   * oldest} (no evidence can name a height before it any more).
   */
  public PowerHistory plus(long from, ActiveSet set, long oldest) {
    List<Entry> l = new ArrayList<>(entries);
    l.add(new Entry(from, set));
    while (l.size() > 1 && l.get(1).from() <= oldest) {
      l.remove(0);
    }
    return new PowerHistory(l);
  }

  @Override
  public void encode(Writer w) {
    w.list(
        entries,
        (x, e) -> {
          x.u64(e.from());
          e.set().encode(x);
        });
  }

  static PowerHistory decode(Reader r) throws DecodeException {
    return new PowerHistory(r.list(MAX_ENTRIES, x -> new Entry(x.amount(), ActiveSet.decode(x))));
  }
}

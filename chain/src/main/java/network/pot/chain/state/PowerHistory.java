package network.pot.chain.state;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.chain.crypto.Address;

/**
 * The recent validator sets, each with the first height it signed, so that a slash can use a
 * validator's voting power at the infraction height. Only the sets that still cover a height within
 * the evidence age are kept: at most {@code evidenceMaxAge / epochLength + 2} of them.
 */
public record PowerHistory(List<Entry> entries) implements StateValue {
  /** The set active from height {@code from} until the next entry's. */
  public record Entry(long from, ActiveSet set) {}

  public PowerHistory {
    entries = List.copyOf(entries);
  }

  /** {@code validator}'s voting power at {@code height}; 0 when it was not in the set then. */
  public long powerAt(Address validator, long height) {
    ActiveSet.Member m = null;
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
    return new PowerHistory(r.list(1 << 12, x -> new Entry(x.amount(), ActiveSet.decode(x))));
  }
}

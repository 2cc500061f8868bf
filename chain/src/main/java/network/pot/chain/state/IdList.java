package network.pot.chain.state;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;

/**
 * An ordered list of numeric ids: the queues keyed by height (unbondings maturing, proposals
 * closing) and each validator's open unbonding entries.
 */
public record IdList(List<Long> ids) implements StateValue {
  /** Most ids in one list. */
  public static final int MAX = 1 << 20;

  public IdList {
    ids = List.copyOf(ids);
  }

  public IdList plus(long id) {
    List<Long> l = new ArrayList<>(ids);
    l.add(id);
    return new IdList(l);
  }

  public IdList minus(long id) {
    List<Long> l = new ArrayList<>(ids);
    l.remove(Long.valueOf(id));
    return new IdList(l);
  }

  @Override
  public void encode(Writer w) {
    w.list(ids, Writer::u64);
  }

  static IdList decode(Reader r) throws DecodeException {
    return new IdList(r.list(MAX, Reader::amount));
  }
}

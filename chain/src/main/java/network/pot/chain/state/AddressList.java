package network.pot.chain.state;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.chain.crypto.Address;

/** A sorted set of addresses: the index of all validators. */
public record AddressList(List<Address> addresses) implements StateValue {
  /** Most addresses in one list. */
  public static final int MAX = 1 << 16;

  public AddressList {
    addresses = List.copyOf(addresses);
  }

  /** A copy with {@code a} inserted in order (no duplicate). */
  public AddressList plus(Address a) {
    List<Address> l = new ArrayList<>(addresses);
    int i = java.util.Collections.binarySearch(l, a);
    if (i < 0) {
      l.add(-i - 1, a);
    }
    return new AddressList(l);
  }

  @Override
  public void encode(Writer w) {
    w.list(addresses, (x, a) -> x.raw(a.unsafeArray()));
  }

  static AddressList decode(Reader r) throws DecodeException {
    return new AddressList(r.list(MAX, x -> Address.of(x.raw(Address.SIZE))));
  }
}

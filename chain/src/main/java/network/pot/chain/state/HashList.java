package network.pot.chain.state;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;

/** An ordered list of hashes: the tasks that settle at a height. */
public record HashList(List<Hash> hashes) implements StateValue {
  /** Most hashes in one list. */
  public static final int MAX = 1 << 16;

  public HashList {
    hashes = List.copyOf(hashes);
  }

  public HashList plus(Hash h) {
    List<Hash> l = new ArrayList<>(hashes);
    l.add(h);
    return new HashList(l);
  }

  @Override
  public void encode(Writer w) {
    w.list(hashes, (x, h) -> x.raw(h.unsafeArray()));
  }

  static HashList decode(Reader r) throws DecodeException {
    return new HashList(r.list(MAX, x -> Hash.of(x.raw(Hash.SIZE))));
  }
}

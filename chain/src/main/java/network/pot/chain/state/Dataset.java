package network.pot.chain.state;

import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;

/** A registered dataset (keyed by its content hash): who serves it, under what licence, fee. */
public record Dataset(Address owner, String licence, long feePerUse, long registeredHeight)
    implements StateValue {
  @Override
  public void encode(Writer w) {
    w.raw(owner.unsafeArray()).string(licence).u64(feePerUse).u64(registeredHeight);
  }

  static Dataset decode(Reader r) throws DecodeException {
    return new Dataset(
        Address.of(r.raw(Address.SIZE)), r.string(Payload.MAX_LICENCE), r.amount(), r.amount());
  }
}

package network.pot.chain.state;

import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;

/**
 * A registered dataset (keyed by its content hash): who serves it, under what licence and fee, and
 * what it has earned: {@code uses} counts the settled tasks that paid its fee (a task with a
 * winner), {@code earned} the fees paid to its owner.
 */
public record Dataset(
    Address owner, String licence, long feePerUse, long registeredHeight, long uses, long earned)
    implements StateValue {
  /** A newly registered dataset, not used yet. */
  public Dataset(Address owner, String licence, long feePerUse, long registeredHeight) {
    this(owner, licence, feePerUse, registeredHeight, 0, 0);
  }

  /** After one more paid use, with {@code fee} paid to the owner. */
  public Dataset used(long fee) {
    return new Dataset(
        owner,
        licence,
        feePerUse,
        registeredHeight,
        Math.addExact(uses, 1),
        Math.addExact(earned, fee));
  }

  @Override
  public void encode(Writer w) {
    w.raw(owner.unsafeArray())
        .string(licence)
        .u64(feePerUse)
        .u64(registeredHeight)
        .u64(uses)
        .u64(earned);
  }

  static Dataset decode(Reader r) throws DecodeException {
    return new Dataset(
        Address.of(r.raw(Address.SIZE)),
        r.string(Payload.MAX_LICENCE),
        r.amount(),
        r.amount(),
        r.amount(),
        r.amount());
  }
}

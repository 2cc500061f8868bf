package network.pot.chain.state;

import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.chain.crypto.Address;

/**
 * Stake moved from {@code source} to {@code destination} at {@code creationHeight}. Until {@code
 * completionHeight} it still answers for the source's infractions committed at or before the move:
 * a slash of the source then takes its share from the delegation at the destination, so
 * redelegating cannot outrun a pending slash.
 */
public record Redelegation(
    Address delegator,
    Address source,
    Address destination,
    long creationHeight,
    long completionHeight,
    long initialBalance)
    implements StateValue {
  @Override
  public void encode(Writer w) {
    w.raw(delegator.unsafeArray())
        .raw(source.unsafeArray())
        .raw(destination.unsafeArray())
        .u64(creationHeight)
        .u64(completionHeight)
        .u64(initialBalance);
  }

  static Redelegation decode(Reader r) throws DecodeException {
    return new Redelegation(
        Address.of(r.raw(Address.SIZE)),
        Address.of(r.raw(Address.SIZE)),
        Address.of(r.raw(Address.SIZE)),
        r.amount(),
        r.amount(),
        r.amount());
  }
}

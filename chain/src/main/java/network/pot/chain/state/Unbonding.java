package network.pot.chain.state;

import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.chain.crypto.Address;

/**
 * Tokens leaving a validator: paid to the delegator at {@code completionHeight}, and until then
 * still slashed for the validator's infractions committed at or after {@code creationHeight}.
 */
public record Unbonding(
    Address delegator,
    Address validator,
    long creationHeight,
    long completionHeight,
    long initialBalance,
    long balance)
    implements StateValue {

  public Unbonding withBalance(long b) {
    return new Unbonding(delegator, validator, creationHeight, completionHeight, initialBalance, b);
  }

  @Override
  public void encode(Writer w) {
    w.raw(delegator.unsafeArray())
        .raw(validator.unsafeArray())
        .u64(creationHeight)
        .u64(completionHeight)
        .u64(initialBalance)
        .u64(balance);
  }

  static Unbonding decode(Reader r) throws DecodeException {
    return new Unbonding(
        Address.of(r.raw(Address.SIZE)),
        Address.of(r.raw(Address.SIZE)),
        r.amount(),
        r.amount(),
        r.amount(),
        r.amount());
  }
}

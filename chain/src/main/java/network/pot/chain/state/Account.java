package network.pot.chain.state;

import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;

/** A spendable balance and the nonce the account's next transaction must carry. */
public record Account(long balance, long nonce) implements StateValue {
  /** An account that has never been seen. */
  public static final Account EMPTY = new Account(0, 0);

  public Account withBalance(long b) {
    return new Account(b, nonce);
  }

  @Override
  public void encode(Writer w) {
    w.u64(balance).u64(nonce);
  }

  static Account decode(Reader r) throws DecodeException {
    return new Account(r.amount(), r.amount());
  }
}

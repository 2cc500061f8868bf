package network.pot.chain.state;

import java.math.BigInteger;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;

/**
 * A delegator's shares of one validator, and the validator's reward-per-share index when its
 * rewards were last settled.
 */
public record Delegation(long shares, BigInteger rewardEntry) implements StateValue {
  /** Rewards accrued since the last settlement (rounded down). */
  public long pendingReward(Validator v) {
    return BigInteger.valueOf(shares)
        .multiply(v.rewardPerShare().subtract(rewardEntry))
        .divide(Validator.SCALE)
        .longValueExact();
  }

  @Override
  public void encode(Writer w) {
    w.u64(shares);
    BigUnsigned.write(w, rewardEntry);
  }

  static Delegation decode(Reader r) throws DecodeException {
    return new Delegation(r.amount(), BigUnsigned.read(r));
  }
}

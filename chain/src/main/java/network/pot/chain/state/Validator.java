package network.pot.chain.state;

import java.math.BigInteger;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.PublicKey;

/**
 * A validator: bonded tokens owned through shares by its delegators (the operator's self-bond is a
 * delegation too), its commission, jail state, and its lazily distributed rewards.
 *
 * <p>Rewards use a cumulative reward-per-share index: each block adds {@code reward * SCALE /
 * shares} to {@link #rewardPerShare}, so distribution is O(1) whatever the number of delegators.
 * Because a delegation is a fixed number of shares and slashing changes only {@link #tokens}, each
 * delegator's income stays exactly proportional to its stake (the property F1 distribution gives),
 * and a delegation's pending reward is {@code shares * (rewardPerShare - entry) / SCALE}.
 *
 * @param tokens bonded tokens backing the shares (its voting power)
 * @param shares total delegation shares
 * @param missedBlocks blocks missed in the current downtime window
 * @param rewardPool rewards earned by delegators and not yet withdrawn
 * @param commissionPool commission earned by the operator and not yet withdrawn
 */
public record Validator(
    PublicKey consensusKey,
    long tokens,
    long shares,
    int commissionBps,
    boolean jailed,
    long jailedUntil,
    boolean tombstoned,
    long missedBlocks,
    long rewardPool,
    BigInteger rewardPerShare,
    long commissionPool)
    implements StateValue {
  /** Fixed-point scale of {@link #rewardPerShare}. */
  public static final BigInteger SCALE = BigInteger.TEN.pow(18);

  /** A new, empty validator. */
  public static Validator create(PublicKey key, int commissionBps) {
    return new Validator(key, 0, 0, commissionBps, false, 0, false, 0, 0, BigInteger.ZERO, 0);
  }

  public Validator withStake(long newTokens, long newShares) {
    return new Validator(
        consensusKey,
        newTokens,
        newShares,
        commissionBps,
        jailed,
        jailedUntil,
        tombstoned,
        missedBlocks,
        rewardPool,
        rewardPerShare,
        commissionPool);
  }

  public Validator withCommission(int bps) {
    return new Validator(
        consensusKey,
        tokens,
        shares,
        bps,
        jailed,
        jailedUntil,
        tombstoned,
        missedBlocks,
        rewardPool,
        rewardPerShare,
        commissionPool);
  }

  public Validator withJail(boolean isJailed, long until, boolean tomb) {
    return new Validator(
        consensusKey,
        tokens,
        shares,
        commissionBps,
        isJailed,
        until,
        tomb,
        missedBlocks,
        rewardPool,
        rewardPerShare,
        commissionPool);
  }

  public Validator withMissed(long missed) {
    return new Validator(
        consensusKey,
        tokens,
        shares,
        commissionBps,
        jailed,
        jailedUntil,
        tombstoned,
        missed,
        rewardPool,
        rewardPerShare,
        commissionPool);
  }

  public Validator withRewards(long pool, BigInteger perShare, long commission) {
    return new Validator(
        consensusKey,
        tokens,
        shares,
        commissionBps,
        jailed,
        jailedUntil,
        tombstoned,
        missedBlocks,
        pool,
        perShare,
        commission);
  }

  /** Tokens that {@code s} shares are worth now (rounded down). */
  public long tokensOf(long s) {
    if (shares == 0) {
      return 0;
    }
    return BigInteger.valueOf(s)
        .multiply(BigInteger.valueOf(tokens))
        .divide(BigInteger.valueOf(shares))
        .longValueExact();
  }

  @Override
  public void encode(Writer w) {
    w.raw(consensusKey.unsafeArray())
        .u64(tokens)
        .u64(shares)
        .u16(commissionBps)
        .bool(jailed)
        .u64(jailedUntil)
        .bool(tombstoned)
        .u64(missedBlocks)
        .u64(rewardPool);
    BigUnsigned.write(w, rewardPerShare);
    w.u64(commissionPool);
  }

  static Validator decode(Reader r) throws DecodeException {
    return new Validator(
        PublicKey.of(r.raw(PublicKey.SIZE)),
        r.amount(),
        r.amount(),
        r.bps(),
        r.bool(),
        r.amount(),
        r.bool(),
        r.amount(),
        r.amount(),
        BigUnsigned.read(r),
        r.amount());
  }
}

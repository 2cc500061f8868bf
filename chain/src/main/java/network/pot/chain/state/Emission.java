package network.pot.chain.state;

import java.math.BigInteger;

/**
 * The emission schedule, fixed at genesis: blocks are grouped into periods of {@code
 * emissionPeriod} blocks (block {@code h >= 1} is in period {@code (h - 1) / emissionPeriod});
 * every block of period 0 mints {@code blockReward}, and each period's per-block rate is the
 * previous one's times {@code (10,000 - emissionDecayBps) / 10,000}, rounded down, so it falls
 * geometrically to zero. No block mints past {@code supplyCap}: a block mints the smaller of its
 * period's rate and what is left below the cap. Nothing else creates or destroys tokens, so the
 * supply after block {@code h} is {@link #supplyAt} of the genesis supply: {@code max(G, min(cap, G
 * + T(h)))}, with {@code T(h)} the sum of the rates of blocks 1..h. Integers only; every product is
 * exact or computed in {@link BigInteger}. Specified in {@code docs/proof-of-training.md}, section
 * Emission.
 */
public final class Emission {
  private static final long BPS = 10_000;

  private Emission() {}

  /** The emission period of block {@code height} (1 or more). */
  public static long period(Params p, long height) {
    if (height < 1) {
      throw new IllegalArgumentException("no block mints at height " + height);
    }
    return (height - 1) / p.emissionPeriod();
  }

  /**
   * The per-block rate of period {@code k}, before the cap. At most a few hundred steps for any
   * decay of 1% or more; it stops as soon as the rate reaches zero.
   */
  public static long rate(Params p, long k) {
    long r = p.blockReward();
    if (p.emissionDecayBps() == 0) {
      return r;
    }
    for (long i = 0; i < k && r > 0; i++) {
      r = next(p, r);
    }
    return r;
  }

  private static long next(Params p, long rate) {
    return Math.multiplyExact(rate, BPS - p.emissionDecayBps()) / BPS;
  }

  /** What block {@code height} mints when the supply before it is {@code supply}. */
  public static long issuance(Params p, long height, long supply) {
    long room = Math.max(0, Math.subtractExact(p.supplyCap(), supply));
    return Math.min(rate(p, period(p, height)), room);
  }

  /** The sum of the rates of blocks 1..{@code height}, before the cap. */
  public static BigInteger scheduled(Params p, long height) {
    long r = p.blockReward();
    if (p.emissionDecayBps() == 0) {
      return BigInteger.valueOf(height).multiply(BigInteger.valueOf(r));
    }
    long full = height / p.emissionPeriod();
    BigInteger perPeriod = BigInteger.valueOf(p.emissionPeriod());
    BigInteger total = BigInteger.ZERO;
    for (long k = 0; k < full && r > 0; k++) {
      total = total.add(perPeriod.multiply(BigInteger.valueOf(r)));
      r = next(p, r);
    }
    // blocks after the last full period are in period `full`, whose rate r is now (or 0 earlier)
    long rest = height - full * p.emissionPeriod();
    return total.add(BigInteger.valueOf(rest).multiply(BigInteger.valueOf(r)));
  }

  /** The supply after block {@code height} of a chain whose genesis supply is {@code genesis}. */
  public static long supplyAt(Params p, long genesis, long height) {
    if (genesis >= p.supplyCap()) {
      return genesis;
    }
    return BigInteger.valueOf(genesis)
        .add(scheduled(p, height))
        .min(BigInteger.valueOf(p.supplyCap()))
        .longValueExact();
  }

  /**
   * The first height after {@code height} whose rate differs from the rate of block {@code height},
   * or 0 when the rate never changes again (no decay, or already zero).
   */
  public static long nextChangeHeight(Params p, long height) {
    long k = period(p, height);
    if (p.emissionDecayBps() == 0 || rate(p, k) == 0) {
      return 0;
    }
    return Math.addExact(Math.multiplyExact(k + 1, p.emissionPeriod()), 1);
  }
}

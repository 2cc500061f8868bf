package network.pot.base.econ;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How a collaborative task's escrow is paid: each round's share goes to the round's accepted
 * contributions in proportion to their verified steps. Amounts are integer base units.
 *
 * <p>A round's share is {@code floor(escrow / R)}, and the first {@code escrow mod R} rounds get
 * one unit more, so the shares sum to the escrow exactly. Within a round, contribution {@code i}
 * gets {@code floor(share * steps_i / total)}; the units that flooring leaves over go one each to
 * the largest remainders, ties to the smaller miner id (unsigned bytes). The payouts sum to the
 * share exactly, no one gets more than one unit above their exact proportion, and nothing depends
 * on the order the credits are listed in. A round without verified steps pays nothing: its share
 * stays in escrow for the chain to return.
 */
public final class RoundRewards {
  /** A miner's verified steps in a round. */
  // the id is copied in and out, like Commitment's hashes
  @SuppressWarnings("ArrayRecordComponent")
  public record Credit(byte[] minerId, long verifiedSteps) {
    public Credit {
      if (verifiedSteps < 0) {
        throw new IllegalArgumentException("verified steps must be >= 0");
      }
      minerId = minerId.clone();
    }

    @Override
    public byte[] minerId() {
      return minerId.clone();
    }
  }

  /** A miner's payout in base units. */
  // the id is copied in and out, like Commitment's hashes
  @SuppressWarnings("ArrayRecordComponent")
  public record Payout(byte[] minerId, long amount) {
    public Payout {
      minerId = minerId.clone();
    }

    @Override
    public byte[] minerId() {
      return minerId.clone();
    }
  }

  private RoundRewards() {}

  /** Round {@code round}'s share of an escrow of {@code escrow} base units over {@code rounds}. */
  public static long roundShare(long escrow, int rounds, int round) {
    if (escrow < 0 || rounds < 1 || round < 0 || round >= rounds) {
      throw new IllegalArgumentException("need escrow >= 0 and 0 <= round < rounds");
    }
    return escrow / rounds + (round < escrow % rounds ? 1 : 0);
  }

  /**
   * The payouts of one round's {@code share} (sorted by miner id), one per credit.
   *
   * @throws IllegalArgumentException when a miner is credited twice or the share is negative
   * @throws ArithmeticException when the total of verified steps overflows a long
   */
  public static List<Payout> split(long share, List<Credit> credits) {
    if (share < 0) {
      throw new IllegalArgumentException("share must be >= 0");
    }
    List<Credit> sorted = new ArrayList<>(credits);
    sorted.sort(Comparator.comparing(c -> c.minerId, Arrays::compareUnsigned));
    long total = 0;
    for (int i = 0; i < sorted.size(); i++) {
      if (i > 0 && Arrays.equals(sorted.get(i - 1).minerId, sorted.get(i).minerId)) {
        throw new IllegalArgumentException("a miner is credited twice");
      }
      total = Math.addExact(total, sorted.get(i).verifiedSteps);
    }
    long[] amounts = new long[sorted.size()];
    if (total > 0) {
      BigInteger t = BigInteger.valueOf(total);
      BigInteger s = BigInteger.valueOf(share);
      long[] remainders = new long[sorted.size()];
      long paid = 0;
      for (int i = 0; i < sorted.size(); i++) {
        BigInteger[] qr =
            s.multiply(BigInteger.valueOf(sorted.get(i).verifiedSteps)).divideAndRemainder(t);
        amounts[i] = qr[0].longValueExact();
        remainders[i] = qr[1].longValueExact();
        paid = Math.addExact(paid, amounts[i]);
      }
      long left = share - paid;
      // fewer than one unit per credit is left; stable sort keeps miner order among equal
      // remainders
      Integer[] byRemainder = new Integer[sorted.size()];
      for (int i = 0; i < byRemainder.length; i++) {
        byRemainder[i] = i;
      }
      Arrays.sort(byRemainder, (a, b) -> Long.compare(remainders[b], remainders[a]));
      for (int k = 0; k < left; k++) {
        amounts[byRemainder[k]] = Math.addExact(amounts[byRemainder[k]], 1);
      }
    }
    List<Payout> out = new ArrayList<>(sorted.size());
    for (int i = 0; i < sorted.size(); i++) {
      out.add(new Payout(sorted.get(i).minerId, amounts[i]));
    }
    return out;
  }
}

package network.pot.base.econ;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import network.pot.base.bytes.Hex;

/** Payouts are exact integers, proportional to verified steps within one unit, order-free. */
class RoundRewardsPropertyTest {
  static List<RoundRewards.Credit> credits(List<Long> steps) {
    List<RoundRewards.Credit> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      out.add(
          new RoundRewards.Credit(
              network.pot.base.crypto.Sha256.tagged(
                  "test/id", ("miner-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
              steps.get(i)));
    }
    return out;
  }

  @Property
  void payoutsSumToTheShareAndStayWithinOneUnitOfTheirProportion(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long share,
      @ForAll @Size(min = 1, max = 12) List<@LongRange(min = 0, max = 1L << 40) Long> steps,
      @ForAll long shuffleSeed) {
    List<RoundRewards.Credit> credits = credits(steps);
    List<RoundRewards.Payout> pay = RoundRewards.split(share, credits);
    BigInteger total = BigInteger.ZERO;
    for (long s : steps) {
      total = total.add(BigInteger.valueOf(s));
    }
    long sum = 0;
    for (RoundRewards.Payout p : pay) {
      assertThat(p.amount()).isNotNegative();
      sum = Math.addExact(sum, p.amount());
    }
    assertThat(sum).isEqualTo(total.signum() == 0 ? 0 : share);
    for (RoundRewards.Credit c : credits) {
      long got =
          pay.stream()
              .filter(p -> Hex.encode(p.minerId()).equals(Hex.encode(c.minerId())))
              .findFirst()
              .orElseThrow()
              .amount();
      if (total.signum() == 0 || c.verifiedSteps() == 0) {
        assertThat(got).isZero();
        continue;
      }
      BigInteger exactFloor =
          BigInteger.valueOf(share).multiply(BigInteger.valueOf(c.verifiedSteps())).divide(total);
      assertThat(BigInteger.valueOf(got).subtract(exactFloor).longValueExact()).isBetween(0L, 1L);
    }
    List<RoundRewards.Credit> shuffled = new ArrayList<>(credits);
    Collections.shuffle(shuffled, new Random(shuffleSeed));
    assertThat(RoundRewards.split(share, shuffled))
        .usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(pay);
  }

  @Property
  void roundSharesSumToTheEscrow(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long escrow,
      @ForAll @IntRange(min = 1, max = 500) int rounds) {
    long sum = 0;
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int r = 0; r < rounds; r++) {
      long s = RoundRewards.roundShare(escrow, rounds, r);
      sum = Math.addExact(sum, s);
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    assertThat(sum).isEqualTo(escrow);
    assertThat(max - min).isBetween(0L, 1L);
  }
}

package network.pot.proof.collab;

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
class RewardsPropertyTest {
  static List<Rewards.Credit> credits(List<Long> steps) {
    List<Rewards.Credit> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      out.add(new Rewards.Credit(CollabFixture.id("miner-" + i), steps.get(i)));
    }
    return out;
  }

  @Property
  void payoutsSumToTheShareAndStayWithinOneUnitOfTheirProportion(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long share,
      @ForAll @Size(min = 1, max = 12) List<@LongRange(min = 0, max = 1L << 40) Long> steps,
      @ForAll long shuffleSeed) {
    List<Rewards.Credit> credits = credits(steps);
    List<Rewards.Payout> pay = Rewards.split(share, credits);
    BigInteger total = BigInteger.ZERO;
    for (long s : steps) {
      total = total.add(BigInteger.valueOf(s));
    }
    long sum = 0;
    for (Rewards.Payout p : pay) {
      assertThat(p.amount()).isNotNegative();
      sum = Math.addExact(sum, p.amount());
    }
    assertThat(sum).isEqualTo(total.signum() == 0 ? 0 : share);
    for (Rewards.Credit c : credits) {
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
    List<Rewards.Credit> shuffled = new ArrayList<>(credits);
    Collections.shuffle(shuffled, new Random(shuffleSeed));
    assertThat(Rewards.split(share, shuffled))
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
      long s = Rewards.roundShare(escrow, rounds, r);
      sum = Math.addExact(sum, s);
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    assertThat(sum).isEqualTo(escrow);
    assertThat(max - min).isBetween(0L, 1L);
  }
}

package network.pot.chain.state;

import java.math.BigInteger;
import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;

/**
 * Minting (by the {@link Emission} schedule) and the split of each block's rewards (mint plus
 * fees): miners by verified work (paid per epoch, each miner at most what its tasks' protocol fees
 * back), validators and their delegators by stake (with commission), and the treasury. The
 * per-block cost is O(active validators), independent of the number of delegators.
 */
final class Rewards {
  private Rewards() {}

  /** Mints block {@code height}'s issuance and distributes it with the block's fees. */
  static void distribute(WorkingState ws, Params p, long height) {
    Globals g = ws.globals();
    long minted = Emission.issuance(p, height, g.supply());
    long total = Math.addExact(minted, g.feePool());
    long minerPart = mulDiv(total, p.minerShareBps(), 10_000);
    long treasuryPart = mulDiv(total, p.treasuryShareBps(), 10_000);
    long validatorPart = total - minerPart - treasuryPart;

    List<ActiveSet.Member> members = ws.validatorSet().members();
    long totalTokens = 0;
    for (ActiveSet.Member m : members) {
      totalTokens = Math.addExact(totalTokens, ws.validator(m.address()).tokens());
    }
    long given = 0;
    if (totalTokens > 0) {
      for (ActiveSet.Member m : members) {
        Validator v = ws.validator(m.address());
        long share = mulDiv(validatorPart, v.tokens(), totalTokens);
        allocate(ws, m.address(), v, share);
        given += share;
        if (share > 0) {
          ws.emit(Event.of(Event.Type.VALIDATOR_REWARD, m.address(), share));
        }
      }
    }
    if (minted > 0) {
      ws.emit(Event.of(Event.Type.MINT, null, minted, "block_reward"));
    }
    g = ws.globals();
    ws.putGlobals(
        g.withPools(
                Math.addExact(g.treasury(), treasuryPart + validatorPart - given),
                Math.addExact(g.minerPool(), minerPart),
                0)
            .withSupply(Math.addExact(g.supply(), minted)));
  }

  private static void allocate(WorkingState ws, Address a, Validator v, long amount) {
    long commission = mulDiv(amount, v.commissionBps(), 10_000);
    long rest = amount - commission;
    BigInteger rps = v.rewardPerShare();
    long pool = v.rewardPool();
    if (v.shares() == 0) {
      commission += rest;
    } else {
      rps =
          rps.add(
              BigInteger.valueOf(rest)
                  .multiply(Validator.SCALE)
                  .divide(BigInteger.valueOf(v.shares())));
      pool = Math.addExact(pool, rest);
    }
    ws.putValidator(a, v.withRewards(pool, rps, Math.addExact(v.commissionPool(), commission)));
  }

  /**
   * Credits a miner's accepted proof for task {@code id}: {@code units} of work, and the backing
   * that lets it claim emission. A task backs emission once, with the protocol fee it pays at
   * settlement (which is paid: an accepted proof makes a winner), and only the first of its miners
   * to be accepted gets that backing. So whatever publishes and mines a task, the emission it can
   * take for the task is at most the fee it pays to the treasury.
   */
  static void creditWork(WorkingState ws, Params p, Hash id, Address miner, Task t, long units) {
    boolean backed = false;
    for (Address m : t.miners()) {
      backed |= !m.equals(miner) && ws.enrollment(id, m).status() == Enrollment.Status.ACCEPTED;
    }
    long backing = 0;
    if (!backed) {
      Dataset d = ws.dataset(t.terms().datasetId());
      backing = protocolFee(p, t.escrow(), Math.min(d.feePerUse(), t.escrow()));
    }
    ws.putGlobals(ws.globals().plusWork(miner, units, backing));
  }

  /** The protocol fee of a task paying {@code reward}, {@code dataFee} of it to the data owner. */
  static long protocolFee(Params p, long reward, long dataFee) {
    return Math.min(mulDiv(reward, p.protocolFeeBps(), 10_000), reward - dataFee);
  }

  /**
   * Pays the miner pool out by verified work of the epoch, each miner at most its backing; keeps
   * what is not paid (all of it when nobody worked) for the next epoch.
   */
  static void payMiners(WorkingState ws) {
    Globals g = ws.globals();
    BigInteger totalWork = BigInteger.ZERO;
    for (Globals.Work w : g.epochWork()) {
      totalWork = totalWork.add(BigInteger.valueOf(w.units()));
    }
    if (totalWork.signum() == 0) {
      return;
    }
    long paid = 0;
    for (Globals.Work w : g.epochWork()) {
      long amount =
          BigInteger.valueOf(g.minerPool())
              .multiply(BigInteger.valueOf(w.units()))
              .divide(totalWork)
              .min(BigInteger.valueOf(w.backing()))
              .longValueExact();
      ws.credit(w.miner(), amount);
      if (amount > 0) {
        ws.emit(Event.of(Event.Type.MINER_PAYOUT, w.miner(), amount));
      }
      paid += amount;
    }
    g = ws.globals();
    ws.putGlobals(g.withPools(g.treasury(), g.minerPool() - paid, g.feePool()).withWork(List.of()));
  }

  /** {@code a * b / c} rounded down, exact for any longs with a non-negative result. */
  static long mulDiv(long a, long b, long c) {
    return BigInteger.valueOf(a)
        .multiply(BigInteger.valueOf(b))
        .divide(BigInteger.valueOf(c))
        .longValueExact();
  }
}

package network.pot.chain.state;

/**
 * Where every token of the supply is, computed from a whole state: the invariant is that these
 * parts sum to {@link Globals#supply()}. Walks every entry, so it is for tests, audits and the
 * benchmark's report, not for block processing.
 *
 * @param balances spendable account balances
 * @param bonded validator tokens (delegations and self-bonds)
 * @param unbonding unbonding entries not yet paid out
 * @param escrow task rewards (competitive and collaborative), miner bonds and open proposals'
 *     deposits
 * @param unpaidRewards rewards and commission not yet withdrawn, the miner pool and the block's fee
 *     pool
 * @param treasury the community pool
 * @param negatives number of negative amounts seen (must be zero)
 */
public record SupplyAudit(
    long supply,
    long balances,
    long bonded,
    long unbonding,
    long escrow,
    long unpaidRewards,
    long treasury,
    long negatives) {

  /** Sum of all the parts. */
  public long total() {
    return Math.addExact(
        Math.addExact(Math.addExact(balances, bonded), Math.addExact(unbonding, escrow)),
        Math.addExact(unpaidRewards, treasury));
  }

  /** True when the parts sum to the supply and nothing is negative. */
  public boolean balanced() {
    return negatives == 0 && total() == supply;
  }

  /** Audits a state. */
  public static SupplyAudit of(LedgerState s) {
    long[] parts = new long[7];
    s.forEach(
        (k, v) -> {
          if (v instanceof Account a) {
            add(parts, 0, a.balance());
          } else if (v instanceof Validator val) {
            add(parts, 1, val.tokens());
            add(parts, 4, val.rewardPool());
            add(parts, 4, val.commissionPool());
          } else if (v instanceof Unbonding u) {
            add(parts, 2, u.balance());
          } else if (v instanceof Task t) {
            add(parts, 3, t.escrow());
          } else if (v instanceof CollabTask t) {
            add(parts, 3, t.escrow());
          } else if (v instanceof Enrollment e) {
            add(parts, 3, e.bond());
          } else if (v instanceof GovernanceProposal p
              && (p.status() == GovernanceProposal.Status.DEPOSIT
                  || p.status() == GovernanceProposal.Status.VOTING)) {
            add(parts, 3, p.totalDeposit());
          }
        });
    Globals g = s.globals();
    add(parts, 4, g.minerPool());
    add(parts, 4, g.feePool());
    add(parts, 5, g.treasury());
    return new SupplyAudit(
        g.supply(), parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6]);
  }

  private static void add(long[] parts, int i, long v) {
    if (v < 0) {
      parts[6]++;
    }
    parts[i] = Math.addExact(parts[i], v);
  }
}

package network.pot.consensus.archfixture;

import network.pot.chain.crypto.Address;

/**
 * A class in the consensus package tree that uses a ledger type: the violation that the rule
 * "consensus imports nothing of chain or p2p" (and the layering) must report.
 */
public final class LedgerLeak {
  private LedgerLeak() {}

  /** Uses the ledger's address type. */
  public static String leak(Address a) {
    return a.toString();
  }
}

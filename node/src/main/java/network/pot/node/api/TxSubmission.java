package network.pot.node.api;

import network.pot.chain.tx.SignedTransaction;
import network.pot.node.ledger.Mempool;

/**
 * Where clients hand a node signed transactions: each is admitted to the mempool against the
 * committed state and, when admitted, gossiped to the network.
 */
public interface TxSubmission {
  /** Admits {@code tx} (its signature checked here) and gossips it when admitted. */
  Mempool.Admission submit(SignedTransaction tx);

  /**
   * As {@link #submit(SignedTransaction)}; when {@code signatureChecked} the caller has verified
   * the signature already (a batch checked in parallel).
   */
  Mempool.Admission submit(SignedTransaction tx, boolean signatureChecked);
}

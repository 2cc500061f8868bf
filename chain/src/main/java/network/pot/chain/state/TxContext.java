package network.pot.chain.state;

import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.SignedTransaction;

/** What a transaction handler sees: a scratch state, the parameters, the block, the sender. */
record TxContext(
    WorkingState ws,
    Params params,
    long height,
    Hash blockHash,
    String chainId,
    SignedTransaction tx) {
  Address sender() {
    return tx.sender();
  }
}

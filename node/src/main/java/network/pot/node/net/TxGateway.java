package network.pot.node.net;

import java.util.function.Supplier;
import network.pot.chain.codec.DecodeException;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.KeyPair;
import network.pot.chain.state.StateView;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.Transaction;
import network.pot.chain.tx.TransactionCodec;
import network.pot.node.ledger.Mempool;
import network.pot.p2p.P2pNode;
import network.pot.p2p.gossip.Topics;
import network.pot.p2p.gossip.Validation;

/**
 * Where transactions enter the node: from clients (RPC), from this node's own workers, and from
 * peers' gossip. Each is admitted to the mempool against the committed state and, when new and
 * admissible, gossiped on. Malformed or forged gossip penalizes the peer that sent it.
 */
public final class TxGateway {
  private final P2pNode p2p;
  private final Mempool mempool;
  private final Supplier<? extends StateView> state;

  /** Registers the transaction topic on {@code p2p} (before it starts). */
  public TxGateway(P2pNode p2p, Mempool mempool, Supplier<? extends StateView> state) {
    this.p2p = p2p;
    this.mempool = mempool;
    this.state = state;
    p2p.onGossip(Topics.TRANSACTIONS, (from, payload) -> onGossip(payload));
  }

  private Validation onGossip(byte[] payload) {
    SignedTransaction tx;
    try {
      tx = TransactionCodec.decode(payload);
    } catch (DecodeException e) {
      return Validation.REJECT;
    }
    Mempool.Admission a = mempool.add(tx, state.get());
    if (a.admitted()) {
      return Validation.ACCEPT;
    }
    return switch (a.rejection()) {
      case BAD_SIGNATURE, TOO_LARGE, WRONG_CHAIN -> Validation.REJECT;
      default -> Validation.IGNORE;
    };
  }

  /** Admits a client's or worker's transaction and gossips it when admitted. */
  public Mempool.Admission submit(SignedTransaction tx) {
    Mempool.Admission a = mempool.add(tx, state.get());
    if (a.admitted()) {
      p2p.publish(Topics.TRANSACTIONS, tx.encode());
    }
    return a;
  }

  /**
   * Signs and submits a transaction of {@code key}'s account, with the next nonce it has not used
   * (counting its transactions still in the mempool).
   */
  public synchronized Mempool.Admission send(KeyPair key, long fee, Payload payload) {
    Address a = key.address();
    long nonce = Math.max(state.get().account(a).nonce(), mempool.nextNonce(a, state.get()));
    Transaction body = new Transaction(chainId(), nonce, fee, payload);
    return submit(body.sign(key));
  }

  private String chainId() {
    return mempool.chainId();
  }
}

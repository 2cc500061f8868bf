package network.pot.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.Globals;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Params;
import network.pot.chain.state.StateKey;
import network.pot.chain.state.StateView;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.Transaction;
import org.junit.jupiter.api.Test;

/** Admission, ordering, bounds and pruning of the mempool against a real genesis state. */
class MempoolTest {
  private static final String CHAIN = "pot-test";
  private static final KeyPair A = KeyPair.deterministic("mempool-test", 1);
  private static final KeyPair B = KeyPair.deterministic("mempool-test", 2);
  private static final KeyPair C = KeyPair.deterministic("mempool-test", 3);
  private static final KeyPair POOR = KeyPair.deterministic("mempool-test", 4);
  private static final LedgerState STATE =
      new Genesis(
              CHAIN,
              0,
              List.of(
                  new Genesis.Allocation(Address.of(A), 1_000_000),
                  new Genesis.Allocation(Address.of(B), 1_000_000),
                  new Genesis.Allocation(Address.of(C), 1_000_000)),
              List.of(),
              Params.DEFAULT)
          .state();

  private static SignedTransaction tx(KeyPair from, long nonce, long fee) {
    return new Transaction(CHAIN, nonce, fee, new Payload.Transfer(Address.of(C), 1)).sign(from);
  }

  @Test
  void admitsOnceAndRefusesWhatCannotBeValid() {
    Mempool pool = new Mempool(CHAIN, 100, 10, 5);
    SignedTransaction t = tx(A, 0, 1);
    assertThat(pool.add(t, STATE).admitted()).isTrue();
    assertThat(pool.add(t, STATE).rejection()).isEqualTo(Mempool.Rejection.DUPLICATE);
    assertThat(pool.add(tx(A, 6, 1), STATE).rejection()).isEqualTo(Mempool.Rejection.NONCE_TOO_FAR);
    assertThat(pool.add(tx(A, 1, 0), STATE).rejection()).isEqualTo(Mempool.Rejection.FEE_TOO_LOW);
    assertThat(pool.add(tx(POOR, 0, 1), STATE).rejection())
        .isEqualTo(Mempool.Rejection.INSUFFICIENT_FUNDS);
    Transaction body = new Transaction("other-chain", 0, 1, new Payload.Transfer(Address.of(C), 1));
    assertThat(pool.add(body.sign(A), STATE).rejection()).isEqualTo(Mempool.Rejection.WRONG_CHAIN);
    SignedTransaction good = tx(B, 0, 1);
    byte[] sig = good.signature().toArray();
    sig[5] ^= 1;
    SignedTransaction forged = new SignedTransaction(good.body(), B.publicKey(), Bytes.wrap(sig));
    assertThat(pool.add(forged, STATE).rejection()).isEqualTo(Mempool.Rejection.BAD_SIGNATURE);
    assertThat(pool.size()).isEqualTo(1);
    assertThat(pool.contains(t.hash())).isTrue();
    assertThat(pool.contains(forged.hash())).isFalse();
  }

  @Test
  void selectsRunsOfConsecutiveNoncesHighestFeeFirst() {
    Mempool pool = new Mempool(CHAIN, 100, 10, 5);
    SignedTransaction a0 = tx(A, 0, 5);
    SignedTransaction a1 = tx(A, 1, 50);
    SignedTransaction b0 = tx(B, 0, 10);
    SignedTransaction b2 = tx(B, 2, 99); // a gap at nonce 1: waits
    for (SignedTransaction t : List.of(a1, b2, a0, b0)) {
      assertThat(pool.add(t, STATE).admitted()).isTrue();
    }
    assertThat(pool.select(STATE, 10, 1 << 20)).containsExactly(b0, a0, a1);
    assertThat(pool.nextNonce(Address.of(A), STATE)).isEqualTo(2);
    assertThat(pool.nextNonce(Address.of(B), STATE)).isEqualTo(1);
    assertThat(pool.select(STATE, 2, 1 << 20)).containsExactly(b0, a0);
  }

  @Test
  void aHigherFeeReplacesTheSameNonce() {
    Mempool pool = new Mempool(CHAIN, 100, 10, 5);
    SignedTransaction low = tx(A, 0, 2);
    SignedTransaction same = tx(A, 0, 2);
    SignedTransaction high = tx(A, 0, 3);
    assertThat(pool.add(low, STATE).admitted()).isTrue();
    assertThat(pool.add(tx(A, 0, 1), STATE).rejection()).isEqualTo(Mempool.Rejection.DUPLICATE);
    assertThat(same).isEqualTo(low);
    assertThat(pool.add(high, STATE).admitted()).isTrue();
    assertThat(pool.size()).isEqualTo(1);
    assertThat(pool.contains(low.hash())).isFalse();
  }

  @Test
  void boundsPerSenderAndInTotalEvictingTheCheapestTail() {
    Mempool pool = new Mempool(CHAIN, 3, 2, 5);
    assertThat(pool.add(tx(A, 0, 1), STATE).admitted()).isTrue();
    assertThat(pool.add(tx(A, 1, 1), STATE).admitted()).isTrue();
    assertThat(pool.add(tx(A, 2, 9), STATE).rejection()).isEqualTo(Mempool.Rejection.SENDER_FULL);
    assertThat(pool.add(tx(B, 0, 2), STATE).admitted()).isTrue();
    // full: a new sender must outbid the cheapest last-in-queue transaction
    assertThat(pool.add(tx(C, 0, 1), STATE).rejection()).isEqualTo(Mempool.Rejection.POOL_FULL);
    assertThat(pool.add(tx(C, 0, 5), STATE).admitted()).isTrue();
    assertThat(pool.size()).isEqualTo(3);
    assertThat(pool.nextNonce(Address.of(A), STATE)).isEqualTo(1); // A's tail (nonce 1) went
    // the refused new sender left no empty queue behind: selecting still works
    assertThat(pool.select(STATE, 10, 1 << 20)).hasSize(3);
  }

  /** The genesis state as if {@code height} empty blocks had passed. */
  private static StateView at(long height) {
    Globals g = STATE.globals().withBlock(height, Hash.ZERO, 0);
    return key -> key.equals(StateKey.GLOBALS) ? g : STATE.get(key);
  }

  @Test
  void aQueueThatDoesNotMoveIsGivenUp() {
    Mempool pool = new Mempool(CHAIN, 100, 10, 5);
    SignedTransaction a0 = tx(A, 0, 1);
    SignedTransaction a1 = tx(A, 1, 1);
    SignedTransaction b1 = tx(B, 1, 1); // waits on a hole its sender never fills
    for (SignedTransaction t : List.of(a0, a1, b1)) {
      pool.add(t, STATE);
    }
    for (long h = 1; h < 1 + Mempool.STALE_HEAD_BLOCKS; h++) {
      pool.prune(at(h), List.of());
      assertThat(pool.contains(a0.hash())).as("height %d", h).isTrue();
      assertThat(pool.contains(b1.hash())).as("height %d", h).isTrue();
    }
    pool.prune(at(1 + Mempool.STALE_HEAD_BLOCKS), List.of());
    assertThat(pool.contains(a0.hash())).isFalse();
    assertThat(pool.contains(a1.hash())).isFalse();
    assertThat(pool.contains(b1.hash())).isFalse();
    assertThat(pool.evictedQueues()).isEqualTo(2);
    assertThat(pool.size()).isZero();
  }

  @Test
  void pruneDropsUsedNoncesAndRejectedTransactions() {
    Mempool pool = new Mempool(CHAIN, 100, 10, 5);
    SignedTransaction a0 = tx(A, 0, 1);
    SignedTransaction a1 = tx(A, 1, 1);
    SignedTransaction b0 = tx(B, 0, 1);
    for (SignedTransaction t : List.of(a0, a1, b0)) {
      pool.add(t, STATE);
    }
    pool.prune(STATE, List.of(b0));
    assertThat(pool.size()).isEqualTo(2);
    assertThat(pool.contains(b0.hash())).isFalse();
  }
}

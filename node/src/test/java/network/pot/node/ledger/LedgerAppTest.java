package network.pot.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.LedgerState;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the ledger applies finalized blocks whose fraud proofs it cannot check at first. */
@Timeout(30)
class LedgerAppTest {
  static final String CHAIN = "pot-ledger-test";
  final KeyPair user = KeyPair.deterministic("ledger-user", 0);
  final AtomicInteger unavailableFor = new AtomicInteger();
  final AtomicInteger pauses = new AtomicInteger();
  final FraudProofChecker checker =
      (task, e, proof) -> {
        if (unavailableFor.getAndDecrement() > 0) {
          throw new FraudProofChecker.Unavailable("checkpoint not fetched yet");
        }
        return FraudProofChecker.Verdict.TRANSCRIPT_INVALID;
      };
  final TestLedger ledger =
      new TestLedger(
          CHAIN,
          checker,
          List.of(new Genesis.Allocation(Address.of(user), 1_000_000)),
          attempt -> pauses.incrementAndGet());
  final LedgerApp app = ledger.app();

  SignedTransaction tx(Payload p) {
    return ledger.tx(user, p);
  }

  /** Finalizes a chain block with these transactions on the ledger's head. */
  void finalize(SignedTransaction... txs) {
    ledger.finalize(txs);
  }

  /** A task with one committed miner (the user itself), all in block 1. */
  Hash committedTask() {
    Hash data = Hash.sha256(new byte[] {1});
    SignedTransaction register = tx(new Payload.RegisterDataset(data, "CC0", 0));
    SignedTransaction publish =
        tx(new Payload.PublishTask(data, Hash.ZERO, 10, 5, 1, 1_000, 50, 10, 1));
    Hash task = TestLedger.taskId(publish);
    finalize(
        register,
        publish,
        tx(new Payload.EnrollTask(task, 10)),
        tx(new Payload.CommitProof(task, Hash.ZERO, Hash.ZERO, 5)));
    assertThat(app.state().enrollment(task, Address.of(user)).status())
        .isEqualTo(Enrollment.Status.COMMITTED);
    return task;
  }

  @Test
  void aFinalizedBlockIsAppliedAgainUntilItsFraudProofCanBeChecked() {
    Hash task = committedTask();
    unavailableFor.set(3);
    finalize(tx(new Payload.FraudProof(task, Address.of(user), 0, Bytes.fromHex("01"))));
    assertThat(pauses.get()).isEqualTo(3);
    assertThat(app.state().height()).isEqualTo(2);
    assertThat(app.chain().height()).isEqualTo(2);
    assertThat(app.state().enrollment(task, Address.of(user)).status())
        .isEqualTo(Enrollment.Status.FRAUDULENT);
  }

  @Test
  void aBlockWhoseFraudProofCannotBeCheckedIsNotVotedForAndNotProposed() {
    Hash task = committedTask();
    SignedTransaction fraud =
        tx(new Payload.FraudProof(task, Address.of(user), 0, Bytes.fromHex("01")));
    LedgerState s = app.state();
    Block b = ledger.next(fraud);
    unavailableFor.set(1_000);
    assertThat(app.checkPayload(2, ledger.consensusParent(), null, b.encode()).valid()).isFalse();
    assertThat(app.mempool().add(fraud, s).admitted()).isTrue();
    SignedTransaction after = tx(new Payload.Transfer(Address.of(user), 1));
    assertThat(app.mempool().add(after, s).admitted()).isTrue();
    byte[] proposal = app.proposePayload(2, ledger.consensusParent(), null);
    assertThat(decode(proposal).transactions()).isEmpty();
    assertThat(app.mempool().size())
        .as("the fraud proof stays pooled, and its sender's next transaction behind it")
        .isEqualTo(2);
  }

  static Block decode(byte[] payload) {
    try {
      return Block.decode(payload);
    } catch (network.pot.base.codec.DecodeException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aValidatorWhoseRevealChainIsUsedUpProposesABlockItsPeersRefuse() {
    TestLedger short2 =
        new TestLedger(
            CHAIN, checker, List.of(new Genesis.Allocation(Address.of(user), 1_000)), a -> {}, 2);
    LedgerApp a = short2.app();
    for (int h = 1; h <= 2; h++) {
      byte[] p = a.proposePayload(h, short2.consensusParent(), null);
      assertThat(decode(p).header().reveal()).isNotEqualTo(Hash.ZERO);
      short2.finalize();
    }
    byte[] third = a.proposePayload(3, short2.consensusParent(), null);
    assertThat(decode(third).header().reveal()).isEqualTo(Hash.ZERO);
    assertThat(a.checkPayload(3, short2.consensusParent(), null, third).valid())
        .as("a block without the next reveal")
        .isFalse();
  }
}

package network.pot.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The attack: many accounts flood the pool with fraud proofs, each of which takes a long
 * re-execution to judge. When the check ran inside the state machine on the consensus thread, a
 * proposer building its block and every validator checking a proposal re-executed every proof
 * before voting, so sixteen proofs of a quarter second each held up every height by four seconds or
 * more. Checks now run on the checker's own thread, started by the first block that carries the
 * proof: the consensus thread answers at once (leaving the proof out, or prevoting against the
 * proposal for now) and applies the verdict when it is ready.
 */
@Tag("attack")
@Timeout(120)
class FraudProofFloodAttackTest {
  private static final String CHAIN = "pot-fraud-flood-test";
  private static final int PROOFS = 16;
  private static final long CHECK_MILLIS = 250;

  private final KeyPair user = KeyPair.deterministic("flood-user", 0);
  private final List<KeyPair> flooders = new ArrayList<>();

  {
    for (int i = 0; i < PROOFS; i++) {
      flooders.add(KeyPair.deterministic("flooder", i));
    }
  }

  private final AtomicInteger checks = new AtomicInteger();

  /** A slow checker that finds nothing: each proof costs {@link #CHECK_MILLIS} of re-execution. */
  private final FraudProofChecker slow =
      (task, e, proof) -> {
        checks.incrementAndGet();
        try {
          Thread.sleep(CHECK_MILLIS);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new FraudProofChecker.Unavailable("interrupted");
        }
        return FraudProofChecker.Verdict.NOT_A_PROOF;
      };

  private final BackgroundFraudChecker background = new BackgroundFraudChecker(slow, 64);
  private final TestLedger ledger =
      new TestLedger(CHAIN, background, allocations(), attempt -> Thread.sleep(50));
  private final LedgerApp app = ledger.app();

  private List<Genesis.Allocation> allocations() {
    List<Genesis.Allocation> l = new ArrayList<>();
    l.add(new Genesis.Allocation(Address.of(user), 1_000_000));
    for (KeyPair f : flooders) {
      l.add(new Genesis.Allocation(Address.of(f), 1_000_000));
    }
    return l;
  }

  @AfterEach
  void close() {
    background.close();
  }

  private Hash committedTask() {
    Hash data = Hash.sha256(new byte[] {1});
    SignedTransaction register = ledger.tx(user, new Payload.RegisterDataset(data, "CC0", 0));
    SignedTransaction publish =
        ledger.tx(user, new Payload.PublishTask(data, Hash.ZERO, 10, 5, 1, 1_000, 50, 10, 1));
    Hash task = TestLedger.taskId(publish);
    ledger.finalize(
        register,
        publish,
        ledger.tx(user, new Payload.EnrollTask(task, 10)),
        ledger.tx(user, new Payload.CommitProof(task, Hash.ZERO, Hash.ZERO, 5)));
    assertThat(app.state().enrollment(task, Address.of(user)).status())
        .isEqualTo(Enrollment.Status.COMMITTED);
    return task;
  }

  @Test
  void aFloodOfSlowFraudProofsDoesNotHoldUpTheConsensusThread() throws Exception {
    Hash task = committedTask();
    LedgerState s = app.state();
    List<SignedTransaction> flood = new ArrayList<>();
    for (int i = 0; i < PROOFS; i++) {
      SignedTransaction tx =
          ledger.tx(
              flooders.get(i),
              new Payload.FraudProof(task, Address.of(user), 0, Bytes.wrap(new byte[] {(byte) i})));
      flood.add(tx);
      assertThat(app.mempool().add(tx, s).admitted()).isTrue();
    }

    long t0 = System.nanoTime();
    byte[] proposal = app.proposePayload(s.height() + 1, ledger.consensusParent(), null);
    long proposeMillis = (System.nanoTime() - t0) / 1_000_000;
    Block proposed = LedgerAppTest.decode(proposal);

    Block carrying = ledger.next(flood.toArray(SignedTransaction[]::new));
    long t1 = System.nanoTime();
    boolean voted =
        app.checkPayload(s.height() + 1, ledger.consensusParent(), null, carrying.encode()).valid();
    long checkMillis = (System.nanoTime() - t1) / 1_000_000;
    System.out.printf(
        "%d fraud proofs of %d ms each: propose %d ms, check a proposal holding them %d ms%n",
        PROOFS, CHECK_MILLIS, proposeMillis, checkMillis);

    long serial = PROOFS * CHECK_MILLIS;
    assertThat(proposeMillis)
        .as(
            "building a block next to %d pooled proofs (re-executing them takes %d ms)",
            PROOFS, serial)
        .isLessThan(serial / 4);
    assertThat(checkMillis)
        .as("judging a proposal holding %d proofs (re-executing them takes %d ms)", PROOFS, serial)
        .isLessThan(serial / 4);
    assertThat(proposed.transactions()).as("proofs not checked yet are left out").isEmpty();
    assertThat(voted).as("a proposal with unchecked proofs is not voted for yet").isFalse();

    // the checks run meanwhile; once they are done, a block holding the proofs is judged at once
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (checks.get() < PROOFS && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(CHECK_MILLIS + 100);
    long t2 = System.nanoTime();
    app.checkPayload(s.height() + 1, ledger.consensusParent(), null, carrying.encode());
    assertThat((System.nanoTime() - t2) / 1_000_000)
        .as("judging the same proposal once the verdicts are in")
        .isLessThan(CHECK_MILLIS);
    assertThat(checks.get()).as("each proof re-executed once").isEqualTo(PROOFS);
  }
}

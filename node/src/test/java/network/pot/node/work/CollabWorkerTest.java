package network.pot.node.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.CollabRound;
import network.pot.chain.state.CollabTask;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.Genesis;
import network.pot.chain.tx.SignedTransaction;
import network.pot.node.ledger.TestLedger;
import network.pot.proof.collab.CollabSpec;
import network.pot.proof.collab.OuterOptimizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three miners and one validator run a collaborative task through the workers alone: the miners
 * enroll, train each round from {@code G_r} and commit; the validator verifies every contribution
 * by re-execution, votes, and closes each round with the aggregate the ledger recomputes. The
 * ledger is in memory, its blocks made by the test; the p2p node and the dataset are real.
 */
@Tag("long")
@Timeout(240)
class CollabWorkerTest {
  private static final String CHAIN = "pot-collab-worker-test";

  @TempDir Path tmp;
  private WorkerBench bench;
  private final List<CollabWorker> workers = new ArrayList<>();
  private final KeyPair publisher = KeyPair.deterministic("collab-publisher", 0);
  private final KeyPair validator = KeyPair.deterministic(CHAIN + "-validator", 0);
  private final List<KeyPair> miners =
      List.of(
          KeyPair.deterministic("collab-miner", 0),
          KeyPair.deterministic("collab-miner", 1),
          KeyPair.deterministic("collab-miner", 2));

  @AfterEach
  void close() {
    workers.forEach(CollabWorker::close);
    if (bench != null) {
      bench.close();
    }
  }

  @Test
  void threeMinersCompleteThreeRoundsVerifiedAndClosedByTheValidator() throws Exception {
    List<Genesis.Allocation> accounts = new ArrayList<>();
    accounts.add(new Genesis.Allocation(Address.of(publisher), 1_000_000_000L));
    accounts.add(new Genesis.Allocation(Address.of(validator), 1_000_000));
    for (KeyPair m : miners) {
      accounts.add(new Genesis.Allocation(Address.of(m), 1_000_000));
    }
    accounts.sort((a, b) -> a.address().compareTo(b.address()));
    bench =
        new WorkerBench(
            tmp, CHAIN, accounts, publisher, a -> new AggregatingCollabChecker(a, a, 1));
    TestLedger ledger = bench.ledger;
    CollabSpec spec =
        CollabSpec.builder()
            .inner(WorkerBench.smallMlp(bench.data.toArray()))
            .rounds(3)
            .miners(3)
            .quorum(2)
            .outer(new OuterOptimizer(1f, 0.5f))
            .build();
    Hash id = bench.publishCollab(publisher, spec, 30_000, 15, 30, 10);
    CollabTask published = bench.app.state().collabTask(id);
    assertThat(published).as("the task is on chain").isNotNull();

    for (KeyPair m : miners) {
      workers.add(new CollabWorker(bench.context("miner", m), true, false, 1));
    }
    workers.add(new CollabWorker(bench.context("validator", validator), false, true, 1));
    for (CollabWorker w : workers) {
      bench.app.addListener(w);
      w.start();
    }
    List<Hash> models = new ArrayList<>();
    long deadline = System.nanoTime() + 200_000_000_000L;
    while (!bench.app.state().collabTask(id).settled() && System.nanoTime() < deadline) {
      Thread.sleep(250);
      List<SignedTransaction> txs =
          bench.app.mempool().select(bench.app.state(), 1_000, Long.MAX_VALUE);
      ledger.finalize(txs.toArray(SignedTransaction[]::new));
    }
    CollabTask t = bench.app.state().collabTask(id);
    assertThat(t.settled()).as("settled by height %d", bench.app.state().height()).isTrue();
    for (int r = 0; r < 3; r++) {
      CollabRound round = bench.app.state().collabRound(id, r);
      assertThat(round.accepted()).as("round %d accepted", r).hasSize(3);
      models.add(round.next().model());
      if (r > 0) {
        assertThat(round.start()).isEqualTo(bench.app.state().collabRound(id, r - 1).next());
      }
    }
    assertThat(models).doesNotHaveDuplicates();
    for (KeyPair m : miners) {
      Enrollment e = bench.app.state().enrollment(id, Address.of(m));
      assertThat(e.status()).isEqualTo(Enrollment.Status.ENROLLED);
      assertThat(e.bond()).isZero();
    }
    assertThat(t.escrow()).isZero();
  }
}

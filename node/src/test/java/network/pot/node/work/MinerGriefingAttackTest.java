package network.pot.node.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Genesis;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.node.ledger.LedgerApp;
import network.pot.node.ledger.TestLedger;
import network.pot.node.net.ArtifactPeers;
import network.pot.proof.TaskSpec;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.OptimizerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: a publisher griefs miners with tasks no miner should take. A far deadline locks the
 * bond for as long as the publisher likes, a billion steps keep the miner busy for good, a huge
 * model exhausts its memory, a huge bond ties up its funds, and many tasks at once leave it unable
 * to finish any before its deadline. The miner enrolls in none of them: before it bonds anything,
 * its worker asks its {@link MinerPolicy}. The worker runs against a ledger in memory, a real p2p
 * node and the committed small dataset; its enrollments are the transactions it puts in the pool.
 */
@Tag("attack")
@Timeout(120)
class MinerGriefingAttackTest {
  private static final String CHAIN = "pot-miner-griefing-test";

  @TempDir Path tmp;
  private final KeyPair publisher = KeyPair.deterministic("griefer", 0);
  private final KeyPair minerKey = KeyPair.deterministic("miner", 0);
  private WorkerBench bench;
  private TestLedger ledger;
  private LedgerApp app;
  private ArtifactPeers.Peer node;
  private Hash data;

  @BeforeEach
  void open() throws Exception {
    bench =
        new WorkerBench(
            tmp,
            CHAIN,
            List.of(
                new Genesis.Allocation(Address.of(publisher), 1_000_000_000_000L),
                new Genesis.Allocation(Address.of(minerKey), 10_000_000)),
            publisher);
    ledger = bench.ledger;
    app = bench.app;
    node = bench.node;
    data = bench.data;
  }

  @AfterEach
  void close() {
    bench.close();
  }

  private TaskSpec spec(ModelSpec model, long steps, long checkpointEvery) {
    return new TaskSpec(
        data.toArray(), model, OptimizerSpec.sgd(0.01f, 0.9f, 0f), 64, steps, checkpointEvery, 1);
  }

  private TaskSpec ordinary() {
    return spec(ModelSpec.mlp(), 100, 25);
  }

  /** Publishes a task of {@code spec} (stored where the miner finds it); returns its id. */
  private Hash publish(TaskSpec spec, long deadlineIn, long bond) throws Exception {
    node.artifacts().put(spec.taskId(), spec.canonicalJson().getBytes(StandardCharsets.UTF_8));
    SignedTransaction tx =
        ledger.tx(
            publisher,
            new Payload.PublishTask(
                data,
                Hash.of(spec.taskId()),
                spec.steps(),
                spec.checkpointEvery(),
                spec.flopsPerStep(),
                1_000,
                app.state().height() + deadlineIn,
                bond,
                spec.samples()));
    ledger.finalize(tx);
    return TestLedger.taskId(tx);
  }

  /**
   * The policy of these tests: 10,000 steps, deadlines 1,000 blocks away, a million parameters, a
   * GiB of checkpoints, a bond of 100,000, and {@code concurrent} tasks at once.
   */
  private static MinerPolicy policy(int concurrent) {
    return new MinerPolicy(10_000, 1_000, 1_000_000, 1L << 30, concurrent, 100_000);
  }

  private MinerWorker miner(MinerPolicy policy) {
    return new MinerWorker(bench.context("miner", minerKey), policy, 1, false);
  }

  /** The tasks the miner's pooled transactions enroll it in. */
  private Set<Hash> enrollments() {
    return app.mempool().select(app.state(), 1_000, Long.MAX_VALUE).stream()
        .filter(tx -> tx.sender().equals(Address.of(minerKey)))
        .map(tx -> tx.body().payload())
        .filter(p -> p instanceof Payload.EnrollTask)
        .map(p -> ((Payload.EnrollTask) p).taskId())
        .collect(Collectors.toSet());
  }

  @Test
  void theMinerEnrollsInNoTaskOutsideItsPolicy() throws Exception {
    // within the chain's bounds (which refuse worse), outside this miner's policy
    Hash endless = publish(spec(ModelSpec.mlp(), 20_000, 10_000), 50, 10);
    Hash farDeadline = publish(ordinary(), 5_000, 10);
    Hash hugeBond = publish(ordinary(), 50, 5_000_000);
    ModelSpec big =
        ModelSpec.parse(
            "{\"input\":[28,28,1],\"layers\":[{\"type\":\"flatten\"},"
                + "{\"type\":\"linear\",\"out\":20000},{\"type\":\"relu\"},"
                + "{\"type\":\"linear\",\"out\":10}]}"); // 15.9 million parameters
    Hash hugeModel = publish(spec(big, 100, 25), 50, 10);
    Hash fair = publish(ordinary(), 50, 10);

    MinerWorker miner = miner(policy(10));
    miner.work(app.state());

    assertThat(enrollments())
        .as(
            "enrollments among endless %s, far deadline %s, huge bond %s, huge model %s, fair %s",
            endless, farDeadline, hugeBond, hugeModel, fair)
        .containsExactly(fair);
  }

  @Test
  void theMinerEnrollsInNoMoreTasksAtOnceThanItsPolicyAllows() throws Exception {
    publish(ordinary(), 50, 10);
    publish(ordinary(), 50, 10);
    publish(ordinary(), 50, 10);

    MinerWorker miner = miner(policy(1));
    miner.work(app.state());
    miner.work(app.state());

    assertThat(enrollments()).as("tasks enrolled in at once").hasSize(1);
  }
}

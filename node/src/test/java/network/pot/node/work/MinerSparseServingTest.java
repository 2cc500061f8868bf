package network.pot.node.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.Genesis;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.node.ledger.TestLedger;
import network.pot.node.net.ArtifactPeers;
import network.pot.proof.Binding;
import network.pot.proof.TaskSpec;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.OptimizerSpec;
import network.pot.tensor.train.Checkpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A miner whose disk budget holds every third checkpoint trains, commits, and serves the others to
 * a verifying peer by re-training them, also after a restart. The worker runs against a ledger in
 * memory, real p2p nodes and the committed small dataset.
 */
@Timeout(120)
class MinerSparseServingTest {
  private static final String CHAIN = "pot-miner-sparse-test";

  @TempDir Path tmp;
  private final KeyPair publisher = KeyPair.deterministic("publisher", 0);
  private final KeyPair minerKey = KeyPair.deterministic("miner", 0);
  private WorkerBench bench;

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
  }

  @AfterEach
  void close() {
    bench.close();
  }

  /** Finalizes the transactions the miner pooled. */
  private void finalizePooled() {
    List<SignedTransaction> txs =
        bench.app.mempool().select(bench.app.state(), 1_000, Long.MAX_VALUE).stream()
            .filter(tx -> tx.sender().equals(Address.of(minerKey)))
            .toList();
    bench.ledger.finalize(txs.toArray(SignedTransaction[]::new));
  }

  @Test
  void aSparselyStoredProofIsServedToVerifiersAlsoAfterARestart() throws Exception {
    ModelSpec model =
        ModelSpec.parse(
            "{\"input\":[28,28,1],\"layers\":[{\"type\":\"flatten\"},"
                + "{\"type\":\"linear\",\"out\":16},{\"type\":\"relu\"},"
                + "{\"type\":\"linear\",\"out\":10}]}");
    TaskSpec spec =
        new TaskSpec(bench.data.toArray(), model, OptimizerSpec.sgd(0.05f, 0.9f, 0f), 16, 24, 2, 1);
    DataSets.Split split = DataSets.load(WorkerBench.smallData());
    long length =
        Checkpoint.encodedLength(
            spec.newTrainer(
                new Binding(spec.taskId(), new byte[32], new byte[32]).seeds(), split.train()));
    MinerPolicy policy = new MinerPolicy(10_000, 1_000, 1_000_000, 6 * length - 1, 1, 100_000);

    bench
        .node
        .artifacts()
        .put(spec.taskId(), spec.canonicalJson().getBytes(StandardCharsets.UTF_8));
    SignedTransaction publish =
        bench.ledger.tx(
            publisher,
            new Payload.PublishTask(
                bench.data,
                Hash.of(spec.taskId()),
                spec.steps(),
                spec.checkpointEvery(),
                spec.flopsPerStep(),
                1_000,
                bench.app.state().height() + 100,
                10,
                spec.samples()));
    bench.ledger.finalize(publish);
    Hash task = TestLedger.taskId(publish);

    MinerWorker miner = new MinerWorker(bench.context("miner", minerKey), policy, 1, false);
    miner.work(bench.app.state()); // enrolls
    finalizePooled();
    miner.work(bench.app.state()); // trains and commits
    finalizePooled();
    Enrollment e = bench.app.state().enrollment(task, Address.of(minerKey));
    assertThat(e.status()).isEqualTo(Enrollment.Status.COMMITTED);
    byte[] root = e.transcriptRoot().toArray();
    List<byte[]> leaves =
        Transcripts.decode(
                bench.node.artifacts().local().fetch(root).orElseThrow(), spec.segments() + 1, root)
            .orElseThrow();
    for (int i = 0; i < leaves.size(); i++) {
      assertThat(bench.node.artifacts().has(leaves.get(i))).as("leaf %d", i).isEqualTo(i % 3 == 0);
    }

    ArtifactPeers.Peer verifier = bench.peers.start("verifier");
    ArtifactPeers.connect(verifier, bench.node);
    assertThat(verifier.artifacts().fetch(leaves.get(4), (int) length))
        .hasValueSatisfying(b -> assertThat(Checkpoint.sealedWith(b, leaves.get(4))).isTrue());

    // a restarted miner serves the proof it committed before
    MinerWorker restarted = new MinerWorker(bench.context("miner", minerKey), policy, 1, false);
    restarted.work(bench.app.state());
    assertThat(verifier.artifacts().fetch(leaves.get(8), (int) length))
        .hasValueSatisfying(b -> assertThat(Checkpoint.sealedWith(b, leaves.get(8))).isTrue());
  }
}

package network.pot.node.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.Genesis;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.node.ledger.LedgerApp;
import network.pot.node.ledger.ReexecutingFraudChecker;
import network.pot.node.ledger.TestLedger;
import network.pot.node.net.ArtifactPeers;
import network.pot.proof.Binding;
import network.pot.proof.Merkle;
import network.pot.proof.Prover;
import network.pot.proof.TaskSpec;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.OptimizerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: a miner forges one middle checkpoint of an otherwise honest transcript, and the
 * committee's samples miss it and accept. When no node ever sent a fraud proof, that wrong accept
 * was never punished. Every verifying node now runs a watcher that re-executes segments of its own
 * choosing (here all of them), finds the forgery and puts a fraud proof in the pool that the
 * chain's checker confirms; an honest transcript draws none. The worker runs against a ledger in
 * memory, a real p2p node and the committed small dataset.
 */
@Tag("attack")
@Timeout(120)
class WatcherWorkerTest {
  private static final String CHAIN = "pot-watcher-test";

  @TempDir Path tmp;
  private final KeyPair publisher = KeyPair.deterministic("publisher", 0);
  private final KeyPair minerKey = KeyPair.deterministic("forger", 0);
  private final KeyPair watcherKey = KeyPair.deterministic("watcher", 0);
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
                new Genesis.Allocation(Address.of(publisher), 1_000_000_000L),
                new Genesis.Allocation(Address.of(minerKey), 10_000_000),
                new Genesis.Allocation(Address.of(watcherKey), 10_000_000)),
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

  /** Publishes and enrolls in a small task, trains it, commits the transcript (forged at leaf). */
  private Hash commitTask(int forgedLeaf) throws Exception {
    TaskSpec spec =
        new TaskSpec(
            data.toArray(),
            ModelSpec.parse(
                "{\"input\":[28,28,1],\"layers\":[{\"type\":\"flatten\"},"
                    + "{\"type\":\"linear\",\"out\":16},{\"type\":\"relu\"},"
                    + "{\"type\":\"linear\",\"out\":10}]}"),
            OptimizerSpec.sgd(0.05f, 0.9f, 1e-4f),
            16,
            8,
            2,
            1);
    node.artifacts().put(spec.taskId(), spec.canonicalJson().getBytes(StandardCharsets.UTF_8));
    SignedTransaction publish =
        ledger.tx(
            publisher,
            new Payload.PublishTask(
                data,
                Hash.of(spec.taskId()),
                spec.steps(),
                spec.checkpointEvery(),
                spec.flopsPerStep(),
                1_000,
                app.state().height() + 50,
                10,
                spec.samples()));
    ledger.finalize(publish);
    Hash task = TestLedger.taskId(publish);
    ledger.finalize(ledger.tx(minerKey, new Payload.EnrollTask(task, 10)));
    Enrollment e = app.state().enrollment(task, Address.of(minerKey));
    DataSets.Split split = spec.loadData(WorkerBench.smallData());
    Binding b =
        new Binding(spec.taskId(), Address.of(minerKey).toArray(), e.enrollHash().toArray());
    Prover.Result r;
    try (Parallel par = Parallel.of(1)) {
      r = Prover.prove(spec, b, split, node.artifacts(), par, s -> {});
    }
    List<byte[]> leaves = new ArrayList<>(r.transcript().stateHashes());
    if (forgedLeaf >= 0) {
      leaves.set(forgedLeaf, Hash.sha256("forged".getBytes(StandardCharsets.US_ASCII)).toArray());
    }
    byte[] root = Merkle.root(leaves);
    node.artifacts().put(root, Transcripts.encode(leaves));
    ledger.finalize(
        ledger.tx(
            minerKey,
            new Payload.CommitProof(
                task,
                Hash.of(root),
                Hash.of(r.commitment().modelHash()),
                r.commitment().claimedCorrect())));
    ledger.finalize(); // seats the committee
    return task;
  }

  private WatcherWorker watcher() {
    return new WatcherWorker(bench.context("watcher", watcherKey), 1, 100, 4);
  }

  private List<Payload.FraudProof> pooledProofs() {
    return app.mempool().select(app.state(), 1_000, Long.MAX_VALUE).stream()
        .filter(tx -> tx.sender().equals(Address.of(watcherKey)))
        .map(tx -> tx.body().payload())
        .filter(p -> p instanceof Payload.FraudProof)
        .map(p -> (Payload.FraudProof) p)
        .toList();
  }

  @Test
  void aForgedCheckpointDrawsAFraudProofTheChainConfirms() throws Exception {
    Hash task = commitTask(2);
    WatcherWorker w = watcher();
    w.work(app.state());
    List<Payload.FraudProof> proofs = pooledProofs();
    assertThat(proofs).as("fraud proofs the watcher sent").hasSize(1);
    Payload.FraudProof p = proofs.get(0);
    assertThat(p.taskId()).isEqualTo(task);
    assertThat(p.miner()).isEqualTo(Address.of(minerKey));
    assertThat(w.counts()).containsEntry("watcher_frauds", 1L);
    FraudProofChecker chain = new ReexecutingFraudChecker(bench.datasets.fraudCheckInputs(), 1);
    assertThat(
            chain.check(
                app.state().task(task), app.state().enrollment(task, Address.of(minerKey)), p))
        .isEqualTo(FraudProofChecker.Verdict.TRANSCRIPT_INVALID);
  }

  @Test
  void anHonestTranscriptDrawsNone() throws Exception {
    commitTask(-1);
    WatcherWorker w = watcher();
    w.work(app.state());
    assertThat(pooledProofs()).isEmpty();
    assertThat(w.counts()).containsEntry("watcher_checked", 1L);
  }
}

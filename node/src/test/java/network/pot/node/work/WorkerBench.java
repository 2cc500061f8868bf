package network.pot.node.work;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.state.CollabChecker;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.Genesis;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.node.ledger.LedgerApp;
import network.pot.node.ledger.TaskIndex;
import network.pot.node.ledger.TestLedger;
import network.pot.node.net.ArtifactPeers;
import network.pot.node.net.Artifacts;
import network.pot.node.net.TxGateway;
import network.pot.proof.TaskSpec;
import network.pot.proof.collab.CollabSpec;
import network.pot.proof.collab.GlobalModel;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.OptimizerSpec;

/**
 * What a worker test runs a worker against: a ledger in memory (genesis balances as given), one
 * real p2p node whose artifact store holds what the test puts there, a transaction gateway into the
 * ledger's pool, and the committed small Fashion-MNIST, registered on chain by {@code registrant}.
 */
final class WorkerBench implements AutoCloseable {
  final TestLedger ledger;
  final LedgerApp app;
  final ArtifactPeers peers;
  final ArtifactPeers.Peer node;
  final TxGateway gateway;
  final Datasets datasets;
  final Hash data;

  WorkerBench(Path tmp, String chain, List<Genesis.Allocation> accounts, KeyPair registrant)
      throws Exception {
    this(tmp, chain, accounts, registrant, artifacts -> CollabChecker.NONE);
  }

  /** A bench whose ledger checks collaborative tasks with {@code collab} over the node's store. */
  WorkerBench(
      Path tmp,
      String chain,
      List<Genesis.Allocation> accounts,
      KeyPair registrant,
      Function<Artifacts, CollabChecker> collab)
      throws Exception {
    peers = new ArtifactPeers(tmp, chain);
    node = peers.start("worker");
    ledger =
        new TestLedger(
            chain,
            FraudProofChecker.NONE,
            collab.apply(node.artifacts()),
            accounts,
            attempt -> {},
            1 << 12);
    app = ledger.app();
    data = Datasets.hashOf(smallData());
    datasets = Datasets.open("worker", List.of(smallData()), tmp.resolve("ds"), node.artifacts());
    gateway = new TxGateway(node.p2p(), app.mempool(), app::state);
    ledger.finalize(ledger.tx(registrant, new Payload.RegisterDataset(data, "CC0", 0)));
  }

  /**
   * A small MLP task over the data hashed {@code dataHash}: 16 hidden units, SGD, 8 steps of batch
   * 16, a checkpoint every 2, one sampled segment.
   */
  static TaskSpec smallMlp(byte[] dataHash) {
    return new TaskSpec(
        dataHash,
        ModelSpec.parse(
            "{\"input\":[28,28,1],\"layers\":[{\"type\":\"flatten\"},"
                + "{\"type\":\"linear\",\"out\":16},{\"type\":\"relu\"},"
                + "{\"type\":\"linear\",\"out\":10}]}"),
        OptimizerSpec.sgd(0.05f, 0.9f, 1e-4f),
        16,
        8,
        2,
        1);
  }

  /**
   * Publishes a collaborative task of {@code spec} over the bench's dataset, its spec stored in the
   * node's artifacts first: enrollment open for {@code enrollBlocks}, rounds taking contributions
   * for {@code roundBlocks}. Returns its id.
   */
  Hash publishCollab(
      KeyPair publisher,
      CollabSpec spec,
      long reward,
      long enrollBlocks,
      long roundBlocks,
      long minBond)
      throws IOException {
    node.artifacts().put(spec.taskId(), spec.canonicalJson().getBytes(StandardCharsets.UTF_8));
    TaskSpec inner = spec.inner();
    SignedTransaction publish =
        ledger.tx(
            publisher,
            Payload.PublishCollabTask.builder()
                .datasetId(data)
                .specHash(Hash.of(spec.taskId()))
                .genesis(AggregatingCollabChecker.hashes(GlobalModel.genesis(spec)))
                .rounds(spec.rounds())
                .localSteps(inner.steps())
                .checkpointInterval(inner.checkpointEvery())
                .miners(spec.miners())
                .quorum(spec.quorum())
                .outerLr(spec.outer().lr())
                .outerMomentum(spec.outer().momentum())
                .flopsPerStep(inner.flopsPerStep())
                .reward(reward)
                .enrollDeadline(app.state().height() + enrollBlocks)
                .roundBlocks(roundBlocks)
                .minMinerBond(minBond)
                .sampleSize(inner.samples())
                .build());
    ledger.finalize(publish);
    return TestLedger.taskId(publish);
  }

  static Path smallData() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(p.resolve("data/fashion-mnist-small"))) {
      p = p.getParent();
    }
    return p.resolve("data/fashion-mnist-small");
  }

  /** The context of a worker signing with {@code key}. */
  WorkerContext context(String name, KeyPair key) {
    return new WorkerContext(
        name, key, app, new TaskIndex(app.state()), gateway, node.artifacts(), datasets);
  }

  @Override
  public void close() {
    gateway.close();
    peers.close();
  }
}

package network.pot.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.base.crypto.Challenge;
import network.pot.base.crypto.Hash;
import network.pot.node.net.ArtifactPeers.Peer;
import network.pot.proof.Binding;
import network.pot.proof.CheckpointServer;
import network.pot.proof.Prover;
import network.pot.proof.TaskSpec;
import network.pot.proof.Verdict;
import network.pot.proof.Verifier;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.OptimizerSpec;
import network.pot.tensor.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A miner that stored every third checkpoint answers a verifier's requests for the others over p2p
 * by re-training them: the verifier, which fetches only what the challenge needs, accepts, and what
 * it fetched is exactly the committed checkpoints. Real nodes on loopback.
 */
@Timeout(120)
class SparseCheckpointServingTest {
  @TempDir Path tmp;

  private static Path data() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(p.resolve("data/fashion-mnist-small"))) {
      p = p.getParent();
    }
    return p.resolve("data/fashion-mnist-small");
  }

  @Test
  void checkpointsTheMinerDidNotStoreAreReTrainedWhenAVerifierAsks() throws Exception {
    Path dir = data();
    DataSets.Split split = DataSets.load(dir);
    ModelSpec model =
        ModelSpec.parse(
            "{\"input\":[28,28,1],\"layers\":[{\"type\":\"flatten\"},"
                + "{\"type\":\"linear\",\"out\":16},{\"type\":\"relu\"},"
                + "{\"type\":\"linear\",\"out\":10}]}");
    TaskSpec task =
        new TaskSpec(
            TaskSpec.dataHash(dir), model, OptimizerSpec.sgd(0.05f, 0.9f, 0f), 16, 24, 2, 4);
    Binding binding =
        new Binding(
            task.taskId(),
            Hash.sha256(new byte[] {1}).toArray(),
            Hash.sha256(new byte[] {2}).toArray());
    long length = Checkpoint.encodedLength(task.newTrainer(binding.seeds(), split.train()));
    try (ArtifactPeers peers = new ArtifactPeers(tmp, "sparse-serving-test");
        Parallel par = Parallel.of(1)) {
      Peer miner = peers.start("miner");
      Peer verifier = peers.start("verifier");
      Prover.Result r =
          Prover.prove(task, binding, split, miner.artifacts(), 6 * length - 1, par, s -> {});
      assertThat(r.storage().every()).isEqualTo(3);
      assertThat(miner.artifacts().has(r.transcript().stateHash(4))).isFalse();
      miner
          .artifacts()
          .produceWith(
              key -> {
                try (Parallel own = Parallel.of(1)) {
                  return new CheckpointServer(
                          task,
                          r.transcript(),
                          r.storage(),
                          miner.artifacts().local(),
                          split.train(),
                          own)
                      .fetch(key);
                }
              });
      ArtifactPeers.connect(verifier, miner);
      Verdict v =
          new Verifier(task, split, par)
              .verify(
                  r.commitment(),
                  verifier.artifacts(),
                  r.transcript(),
                  Challenge.all(task.segments()));
      assertThat(v.failures()).isEmpty();
      assertThat(v.valid()).isTrue();
      // leaf 4 was not stored: the verifier holds it now, re-trained by the miner
      assertThat(verifier.artifacts().has(r.transcript().stateHash(4))).isTrue();
      // a key that is no leaf of the miner's proof is not produced
      assertThat(verifier.artifacts().fetch(Hash.sha256(new byte[] {9}).toArray(), 1 << 20))
          .isEmpty();
    }
  }
}

package network.pot.node.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.node.net.ArtifactPeers;
import network.pot.node.net.ArtifactPeers.Peer;
import network.pot.proof.TaskSpec;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.OptimizerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Datasets passed between real nodes on loopback through the artifact layer. */
@Timeout(120)
class DatasetsTest {
  @TempDir Path tmp;
  private ArtifactPeers peers;

  @BeforeEach
  void open() {
    peers = new ArtifactPeers(tmp, "datasets-test");
  }

  @AfterEach
  void close() throws Exception {
    peers.close();
  }

  private static Path smallData() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(p.resolve("data/fashion-mnist-small"))) {
      p = p.getParent();
    }
    return p.resolve("data/fashion-mnist-small");
  }

  private Peer peer(String name) throws IOException {
    return peers.start(name);
  }

  private static void connect(Peer from, Peer to) throws Exception {
    ArtifactPeers.connect(from, to);
  }

  private static TaskSpec task(Hash data) {
    return new TaskSpec(
        data.toArray(), ModelSpec.mlp(), OptimizerSpec.sgd(0.01f, 0.9f, 0f), 64, 100, 25, 1);
  }

  @Test
  void aNodeWithoutTheDatasetFetchesItChecksItAndServesItOnAndKeepsIt() throws Exception {
    Path data = smallData();
    Hash id = Datasets.hashOf(data);
    Peer provider = peer("provider");
    Peer miner = peer("miner");
    Peer late = peer("late");
    Datasets providerSets =
        Datasets.open("provider", List.of(data), tmp.resolve("p-ds"), provider.artifacts());
    assertThat(providerSets.has(id)).isTrue();
    Datasets minerSets = Datasets.open("miner", List.of(), tmp.resolve("m-ds"), miner.artifacts());
    assertThat(minerSets.has(id)).isFalse();
    connect(miner, provider);

    assertThat(minerSets.load(task(id)))
        .hasValueSatisfying(s -> assertThat(s.train().size()).isEqualTo(2000));
    Path fetched = tmp.resolve("m-ds").resolve(id.toHex());
    assertThat(Datasets.hashOf(fetched)).isEqualTo(id);

    // the miner now serves it: a node that can only reach the miner gets it too
    provider.p2p().close();
    Datasets lateSets = Datasets.open("late", List.of(), tmp.resolve("l-ds"), late.artifacts());
    connect(late, miner);
    assertThat(lateSets.obtain(id)).isTrue();

    // after a restart the fetched dataset is still there, with no peer to ask
    Peer restarted = peer("miner-again");
    Datasets again = Datasets.open("miner", List.of(), tmp.resolve("m-ds"), restarted.artifacts());
    assertThat(again.has(id)).isTrue();
  }

  @Test
  void aPeerServingOtherBytesUnderTheDatasetsHashIsPenalizedAndNothingIsKept() throws Exception {
    Path data = smallData();
    Hash id = Datasets.hashOf(data);
    Peer liar = peer("liar");
    Peer miner = peer("miner");
    liar.artifacts().put(id.toArray(), "these are not the images".getBytes(StandardCharsets.UTF_8));
    Datasets minerSets = Datasets.open("miner", List.of(), tmp.resolve("m-ds"), miner.artifacts());
    connect(miner, liar);

    assertThat(minerSets.obtain(id)).isFalse();
    assertThat(minerSets.load(task(id))).isEmpty(); // asked again only after a pause
    try (var left = Files.list(tmp.resolve("m-ds"))) {
      assertThat(left.toList()).isEmpty();
    }
    assertThat(miner.p2p().scores().score("node:" + liar.p2p().id().toHex())).isNegative();
  }

  @Test
  void aFetchedDirectoryWhoseFilesChangedIsDroppedAtStartup() throws Exception {
    Path data = smallData();
    Hash id = Datasets.hashOf(data);
    Path root = Files.createDirectories(tmp.resolve("ds"));
    Path dir = Files.createDirectories(root.resolve(id.toHex()));
    for (String f :
        List.of(
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz")) {
      Files.copy(data.resolve(f), dir.resolve(f));
    }
    Files.writeString(dir.resolve("t10k-labels-idx1-ubyte.gz"), "changed");
    Files.createDirectories(root.resolve(".half-unpacked"));
    Peer p = peer("node");
    Datasets sets = Datasets.open("node", List.of(), root, p.artifacts());
    assertThat(sets.has(id)).isFalse();
    try (var left = Files.list(root)) {
      assertThat(left.toList()).isEmpty();
    }
  }
}

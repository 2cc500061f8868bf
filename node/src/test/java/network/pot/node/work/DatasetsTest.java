package network.pot.node.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.Sha256;
import network.pot.node.net.ArtifactPeers;
import network.pot.node.net.ArtifactPeers.Peer;
import network.pot.proof.DataBundle;
import network.pot.proof.TaskSpec;
import network.pot.tensor.data.DataSets;
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

  /** Bytes of the regular files under {@code dirs}. */
  private static long bytesUnder(Path... dirs) throws IOException {
    long n = 0;
    for (Path d : dirs) {
      if (!Files.exists(d)) {
        continue;
      }
      try (var files = Files.walk(d)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          n += Files.size(f);
        }
      }
    }
    return n;
  }

  @Test
  void aNodeWithoutTheDatasetFetchesItChecksItAndServesItOnAndKeepsItOnce() throws Exception {
    Path data = smallData();
    Hash id = Datasets.hashOf(data);
    long bundle = DataBundle.size(data);
    Peer provider = peer("provider");
    Peer miner = peer("miner");
    Peer late = peer("late");
    // a copy of the bundle an earlier version kept beside the operator's directory goes at start
    try (InputStream in = DataBundle.open(data)) {
      provider.artifacts().put(id.toArray(), in);
    }
    Datasets providerSets =
        Datasets.open("provider", List.of(data), tmp.resolve("p-ds"), provider.artifacts());
    assertThat(providerSets.has(id)).isTrue();
    // the provider serves its configured directory in place: no copy of it among its artifacts
    assertThat(provider.artifacts().has(id.toArray())).isFalse();
    assertThat(bytesUnder(provider.dir(), tmp.resolve("p-ds"))).isLessThan(bundle / 20);
    Datasets minerSets = Datasets.open("miner", List.of(), tmp.resolve("m-ds"), miner.artifacts());
    assertThat(minerSets.has(id)).isFalse();
    connect(miner, provider);

    assertThat(minerSets.load(task(id)))
        .hasValueSatisfying(s -> assertThat(s.train().size()).isEqualTo(2000));
    // stored once: the bundle among the artifacts (with its small manifest and key file), no
    // unpacked copy beside it
    long onDisk = bytesUnder(miner.dir(), tmp.resolve("m-ds"));
    System.out.printf(
        "dataset %s: bundle %d bytes, the fetching node's artifacts and datasets %d bytes%n",
        id.toHex().substring(0, 12), bundle, onDisk);
    assertThat(onDisk).isBetween(bundle, bundle + bundle / 50);
    try (var left = Files.list(tmp.resolve("m-ds"))) {
      assertThat(left.toList()).isEmpty();
    }

    // the miner serves it from that one copy: a node that can only reach the miner gets it,
    // checked against its content hash
    provider.p2p().close();
    Datasets lateSets = Datasets.open("late", List.of(), tmp.resolve("l-ds"), late.artifacts());
    connect(late, miner);
    assertThat(lateSets.obtain(id)).isTrue();
    assertThat(lateSets.load(task(id)))
        .hasValueSatisfying(s -> assertThat(s.test().size()).isPositive());
    try (InputStream in = Files.newInputStream(late.artifacts().index().file(id.toArray()).get())) {
      assertThat(Hash.of(Sha256.digest().digest(in.readAllBytes()))).isEqualTo(id);
    }

    // after a restart the fetched dataset is still there, with no peer to ask
    miner.artifacts().close();
    miner.p2p().close();
    Peer restarted = peer("miner");
    Datasets again = Datasets.open("miner", List.of(), tmp.resolve("m-ds"), restarted.artifacts());
    assertThat(again.has(id)).isTrue();
    assertThat(again.load(task(id))).isPresent();
  }

  @Test
  void aDirectoryUnpackedByAnEarlierVersionIsKeptAsItsBundleOnly() throws Exception {
    Path data = smallData();
    Hash id = Datasets.hashOf(data);
    Path root = Files.createDirectories(tmp.resolve("ds"));
    Path old = Files.createDirectories(root.resolve(id.toHex()));
    for (Path f : DataSets.files(data)) {
      Files.copy(f, old.resolve(f.getFileName()));
    }
    Peer p = peer("node");
    Datasets sets = Datasets.open("node", List.of(), root, p.artifacts());
    assertThat(sets.has(id)).isTrue();
    try (var left = Files.list(root)) {
      assertThat(left.toList()).isEmpty();
    }
    assertThat(sets.load(task(id))).isPresent();
    assertThat(bytesUnder(p.dir(), root))
        .isBetween(DataBundle.size(data), 2 * DataBundle.size(data) - 1);
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

package network.pot.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Task;
import network.pot.chain.tx.Payload;
import network.pot.node.net.ArtifactPeers.Peer;
import network.pot.node.work.Datasets;
import network.pot.p2p.crypto.NodeKey;
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
 * The attack: a Sybil peer with a low node id (so that it is asked first) answers every artifact
 * key with content of its own choosing, or with far too much of it. A verifier that took the first
 * answer would find the miner's checkpoint "corrupt" and, after its retries, vote to reject an
 * honest miner; a node applying a finalized fraud proof would never get the checkpoint and never
 * apply the block. Every fetched artifact is checked against its key and bounded by the caller's
 * size limit; the next peer is asked when one fails; the peer that lied is banned. Real nodes on
 * loopback.
 */
@Tag("attack")
@Timeout(60)
class ArtifactLiarAttackTest {
  @TempDir Path tmp;
  private ArtifactPeers peers;

  @BeforeEach
  void open() {
    peers = new ArtifactPeers(tmp, "artifact-liar-test");
  }

  @AfterEach
  void close() throws Exception {
    peers.close();
  }

  /** Two peers, the first with the lower node id (so the fetcher asks it first). */
  private List<Peer> lowThenHigh(String low, String high) throws Exception {
    NodeKey a = ArtifactPeers.key(low);
    NodeKey b = ArtifactPeers.key(high);
    boolean ordered = a.id().compareTo(b.id()) < 0;
    return List.of(peers.start(low, ordered ? a : b), peers.start(high, ordered ? b : a));
  }

  /** A blob shaped like a checkpoint: a body, then its SHA-256, which is its address. */
  private static byte[] checkpointShaped(int bodyLength, long seed) {
    byte[] body = new byte[bodyLength];
    new Random(seed).nextBytes(body);
    byte[] blob = new byte[bodyLength + 32];
    System.arraycopy(body, 0, blob, 0, bodyLength);
    System.arraycopy(Hash.sha256(body).toArray(), 0, blob, bodyLength, 32);
    return blob;
  }

  private static byte[] address(byte[] checkpoint) {
    return java.util.Arrays.copyOfRange(checkpoint, checkpoint.length - 32, checkpoint.length);
  }

  private static long bytesUnder(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /**
   * A cheat (with the lower node id), an honest peer holding a checkpoint-shaped blob, and a
   * verifier connected to neither yet.
   */
  // a test's fixture, never compared
  @SuppressWarnings("ArrayRecordComponent")
  private record Scene(Peer cheat, Peer honest, Peer verifier, byte[] checkpoint, byte[] key) {}

  private Scene scene(String cheat, long seed) throws Exception {
    List<Peer> two = lowThenHigh(cheat, "honest");
    byte[] checkpoint = checkpointShaped(40_000, seed);
    byte[] key = address(checkpoint);
    two.get(1).artifacts().put(key, checkpoint);
    return new Scene(two.get(0), two.get(1), peers.start("verifier"), checkpoint, key);
  }

  @Test
  void aPeerServingOtherBytesForACheckpointIsBannedAndTheHonestCopyIsFetched() throws Exception {
    Scene s = scene("liar", 1);
    Peer liar = s.cheat();
    Peer honest = s.honest();
    Peer verifier = s.verifier();
    byte[] checkpoint = s.checkpoint();
    byte[] key = s.key();
    byte[] forged = checkpoint.clone();
    forged[100] ^= 1; // same length, same trailer: only hashing the body tells them apart
    liar.artifacts().put(key, forged);
    ArtifactPeers.connect(verifier, liar);
    ArtifactPeers.connect(verifier, honest);
    assertThat(verifier.p2p().peers().get(0)).isEqualTo(liar.p2p().id());

    Optional<byte[]> got = verifier.artifacts().fetch(key, checkpoint.length);

    assertThat(got.map(Hash::sha256))
        .as("hash of the checkpoint the verifier fetched")
        .contains(Hash.sha256(checkpoint));
    assertThat(verifier.p2p().isBanned(liar.p2p().id())).as("the liar is banned").isTrue();
    assertThat(verifier.p2p().isBanned(honest.p2p().id())).isFalse();
    assertThat(verifier.artifacts().has(key)).as("kept and served on once checked").isTrue();
  }

  @Test
  void aPeerServingAnotherTaskSpecUnderTheSpecHashIsBannedAndTheRealOneIsFetched()
      throws Exception {
    List<Peer> two = lowThenHigh("spec-liar", "publisher");
    Peer liar = two.get(0);
    Peer publisher = two.get(1);
    Peer miner = peers.start("miner");
    Hash data = Hash.sha256("some dataset".getBytes(StandardCharsets.UTF_8));
    TaskSpec real =
        new TaskSpec(
            data.toArray(), ModelSpec.mlp(), OptimizerSpec.sgd(0.01f, 0.9f, 0f), 64, 100, 25, 1);
    TaskSpec other = real.withSchedule(1_000_000, 1_000, 1);
    byte[] key = real.taskId();
    publisher.artifacts().put(key, real.canonicalJson().getBytes(StandardCharsets.UTF_8));
    liar.artifacts().put(key, other.canonicalJson().getBytes(StandardCharsets.UTF_8));
    ArtifactPeers.connect(miner, liar);
    ArtifactPeers.connect(miner, publisher);
    Payload.PublishTask terms =
        new Payload.PublishTask(data, Hash.of(key), 100, 25, 1, 1_000, 50, 10, 1);
    Task task =
        new Task(
            Address.of(network.pot.base.crypto.KeyPair.deterministic("publisher", 0)),
            terms,
            1,
            1_000,
            List.of(),
            false,
            null);

    Optional<TaskSpec> spec = Datasets.spec(task, miner.artifacts());

    assertThat(spec.map(TaskSpec::canonicalJson)).contains(real.canonicalJson());
    assertThat(miner.p2p().isBanned(liar.p2p().id())).as("the liar is banned").isTrue();
  }

  @Test
  void anOversizeArtifactIsRefusedAtTheCallersLimitAndTheNextPeerAsked() throws Exception {
    Scene s = scene("bloater", 2);
    Peer bloater = s.cheat();
    Peer verifier = s.verifier();
    byte[] checkpoint = s.checkpoint();
    byte[] key = s.key();
    bloater.artifacts().put(key, new byte[8 << 20]); // 8 MB under a 40 kB checkpoint's address
    ArtifactPeers.connect(verifier, bloater);

    assertThat(verifier.artifacts().fetch(key, checkpoint.length).map(b -> b.length))
        .as("length of what the bloater alone supplies")
        .isEmpty();
    assertThat(bytesUnder(verifier.dir()))
        .as("bytes the verifier stored while refusing it")
        .isLessThan(1L << 20);

    ArtifactPeers.connect(verifier, s.honest());
    assertThat(verifier.artifacts().fetch(key, checkpoint.length).map(Hash::sha256))
        .contains(Hash.sha256(checkpoint));
    assertThat(bytesUnder(verifier.dir())).isLessThan(1L << 20);
  }
}

package network.pot.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import network.pot.base.crypto.Challenge;
import network.pot.tensor.Parallel;
import network.pot.tensor.train.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prover that keeps every third checkpoint serves the others by re-training, bit for bit what a
 * prover that kept everything serves, and its proofs verify to the same verdicts.
 */
@Timeout(180)
class SparseStorageTest {
  static final TaskSpec TASK = Fixture.task(24, 2, 4);
  static final int N = TASK.segments();
  static final Binding BINDING = Fixture.binding(TASK, "miner-sparse", "block-sparse");
  static long checkpointBytes;
  static long budget;
  static MemoryBlobStore full = new MemoryBlobStore();
  static Prover.Result fullRun;
  @TempDir Path tmp;

  @BeforeAll
  static void proveWithEveryCheckpoint() {
    checkpointBytes =
        Checkpoint.encodedLength(TASK.newTrainer(BINDING.seeds(), Fixture.DATA.train()));
    budget = 5 * checkpointBytes + checkpointBytes - 1; // 0, 3, 6, 9, 12: every = 3
    fullRun = Fixture.prove(TASK, BINDING, Fixture.DATA, full, 1);
  }

  /** A blob source that counts what a verifier downloads from it. */
  static final class Counting implements BlobSource {
    final BlobSource inner;
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong blobs = new AtomicLong();

    Counting(BlobSource inner) {
      this.inner = inner;
    }

    @Override
    public Optional<byte[]> fetch(byte[] id) throws IOException {
      return count(inner.fetch(id));
    }

    @Override
    public Optional<byte[]> fetch(byte[] id, int maxBytes) throws IOException {
      return count(inner.fetch(id, maxBytes));
    }

    private Optional<byte[]> count(Optional<byte[]> b) {
      b.ifPresent(
          x -> {
            bytes.addAndGet(x.length);
            blobs.incrementAndGet();
          });
      return b;
    }
  }

  @Test
  void everyCheckpointNotKeptIsServedBitExactlyAsFullStorageServesIt() throws IOException {
    MemoryBlobStore kept = new MemoryBlobStore();
    Prover.Result r;
    try (Parallel par = Parallel.of(1)) {
      r = Prover.prove(TASK, BINDING, Fixture.DATA, kept, budget, par, s -> {});
      assertThat(r.storage().every()).isEqualTo(3);
      assertThat(r.commitment()).isEqualTo(fullRun.commitment());
      CheckpointServer server =
          new CheckpointServer(TASK, r.transcript(), r.storage(), kept, Fixture.DATA.train(), par);
      for (int leaf = 0; leaf <= N; leaf++) {
        byte[] id = r.transcript().stateHash(leaf);
        assertThat(kept.fetch(id).isPresent()).as("leaf %d kept", leaf).isEqualTo(leaf % 3 == 0);
        long before = server.replayedSteps();
        assertThat(server.fetch(id, (int) checkpointBytes))
            .as("leaf %d", leaf)
            .hasValueSatisfying(b -> assertThat(b).isEqualTo(full.fetch(id).orElseThrow()));
        assertThat(server.replayedSteps() - before)
            .as("leaf %d re-trained from its anchor", leaf)
            .isEqualTo((leaf % 3) * TASK.checkpointEvery())
            .isLessThanOrEqualTo(r.storage().maxReplaySteps(TASK.checkpointEvery()));
      }
    }
  }

  @Test
  void aSparseProofDirectoryVerifiesWithTheSameVerdictsAndDownloads() throws IOException {
    ProofDirectory dir;
    Prover.Result r;
    try (ProofDirectory.Staging staging = ProofDirectory.stage(tmp.resolve("proof"));
        Parallel par = Parallel.of(1)) {
      r = Prover.prove(TASK, BINDING, Fixture.DATA, staging.directory(), budget, par, s -> {});
      staging.directory().save(r);
      dir = staging.publish();
    }
    assertThat(dir.storage().every()).isEqualTo(3);
    try (Stream<Path> s = Files.list(dir.dir().resolve(ProofDirectory.BLOBS))) {
      assertThat(s.count()).isEqualTo(5);
    }
    try (Parallel par = Parallel.of(1)) {
      Verifier v = new Verifier(TASK, Fixture.DATA, par);
      for (int draw = 0; draw < 4; draw++) {
        var segments =
            draw == 0
                ? Challenge.all(N)
                : Challenge.segments(Fixture.id("r" + draw), Fixture.id("v"), N, TASK.samples());
        Counting sparse = new Counting(dir.server(TASK, Fixture.DATA.train(), par));
        Counting everything = new Counting(full);
        Verdict got = v.verify(dir.commitment(), sparse, dir, segments);
        Verdict want = v.verify(fullRun.commitment(), everything, fullRun.transcript(), segments);
        assertThat(got.failures()).isEmpty();
        assertThat(got.valid()).isEqualTo(want.valid()).isTrue();
        assertThat(got.segments()).isEqualTo(want.segments());
        assertThat(got.evaluatedCorrect()).isEqualTo(want.evaluatedCorrect());
        assertThat(sparse.bytes.get()).isEqualTo(everything.bytes.get());
        assertThat(sparse.blobs.get()).isEqualTo(everything.blobs.get());
      }
    }
  }
}

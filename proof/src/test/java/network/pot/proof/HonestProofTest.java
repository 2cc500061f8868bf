package network.pot.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Challenge;
import network.pot.tensor.Parallel;
import network.pot.tensor.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** No false rejections: honest transcripts verify for any binding and any thread counts. */
@Timeout(120)
class HonestProofTest {
  static final TaskSpec TASK = Fixture.task(8, 2, 4);
  @TempDir Path tmp;

  @Test
  void honestTranscriptsVerifyForManyBindingsAndAnyThreadCounts() {
    for (int m = 0; m < 4; m++) {
      Binding b = Fixture.binding(TASK, "miner-" + m, "block-" + (m * 7));
      byte[] root = null;
      for (int proverThreads = 1; proverThreads <= 2; proverThreads++) {
        MemoryBlobStore blobs = new MemoryBlobStore();
        Prover.Result r = Fixture.prove(TASK, b, Fixture.DATA, blobs, proverThreads);
        if (root == null) {
          root = r.commitment().merkleRoot();
        }
        assertThat(r.commitment().merkleRoot()).as("root, miner %d", m).isEqualTo(root);
        for (int verifierThreads = 1; verifierThreads <= 2; verifierThreads++) {
          Verdict v =
              Fixture.verify(
                  TASK,
                  r.commitment(),
                  blobs,
                  r.transcript(),
                  Challenge.all(TASK.segments()),
                  verifierThreads);
          assertThat(v.failures())
              .as("miner %d threads %d/%d", m, proverThreads, verifierThreads)
              .isEmpty();
          assertThat(v.valid()).isTrue();
          assertThat(v.stepsReexecuted()).isEqualTo(TASK.steps());
          assertThat(v.fractionOfTraining()).isEqualTo(1.0);
          assertThat(v.evaluatedCorrect()).isEqualTo(r.commitment().claimedCorrect());
          assertThat(v.fraud()).isEmpty();
        }
      }
    }
  }

  @Test
  void theFirstAndFinalStatesComeFromTheBindingAndTheReexecutionNotFromBlobs() {
    Binding b = Fixture.binding(TASK, "miner-fetch", "block-fetch");
    MemoryBlobStore blobs = new MemoryBlobStore();
    Prover.Result r = Fixture.prove(TASK, b, Fixture.DATA, blobs, 1);
    int n = TASK.segments();
    List<String> fetched = new java.util.ArrayList<>();
    BlobSource counting =
        id -> {
          fetched.add(Hex.encode(id));
          return blobs.fetch(id);
        };
    Verdict v = Fixture.verify(TASK, r.commitment(), counting, r.transcript(), Challenge.all(n), 1);
    assertThat(v.failures()).isEmpty();
    // segments 1..n-1 start from their blobs; leaf 0 is recomputed, leaf n is re-executed
    assertThat(fetched)
        .hasSize(n - 1)
        .doesNotContain(Hex.encode(r.transcript().stateHash(0)))
        .doesNotContain(Hex.encode(r.transcript().stateHash(n)));
  }

  @Test
  void aSampledChallengeReexecutesOnlyItsSegmentsFromAProofDirectory() throws IOException {
    TaskSpec task = Fixture.task(20, 2, 2);
    Binding b = Fixture.binding(task, "miner-dir", "block-dir");
    ProofDirectory dir = ProofDirectory.create(tmp.resolve("proof"));
    Prover.Result r = Fixture.prove(task, b, Fixture.DATA, dir, 2);
    dir.save(r);
    ProofDirectory read = ProofDirectory.open(tmp.resolve("proof"));
    Commitment c = read.commitment();
    assertThat(c).isEqualTo(r.commitment());
    assertThat(c.checkpoints()).isEqualTo(11);
    byte[] randomness = Fixture.id("block after the commit");
    try (Parallel par = Parallel.of(1)) {
      Verdict v =
          new Verifier(task, Fixture.DATA, par).verify(c, read, read, randomness, b.minerId(), 2);
      assertThat(v.failures()).isEmpty();
      assertThat(v.segments()).hasSize(4).contains(0, 9);
      assertThat(v.stepsReexecuted()).isEqualTo(8);
      assertThat(v.fractionOfTraining()).isEqualTo(0.4);
      assertThat(v.toJson().get("verdict").asText()).isEqualTo("valid");
    }
    // the last leaf is the committed final model
    byte[] last = read.fetch(r.transcript().stateHash(10)).orElseThrow();
    assertThat(Checkpoint.modelHash(Checkpoint.decode(last, "final").model()))
        .isEqualTo(c.modelHash());
  }

  @Test
  void commitmentJsonRoundTrips() {
    Binding b = Fixture.binding(TASK, "m", "e");
    Commitment c =
        new Commitment(
            b.taskId(), b.minerId(), b.enrollHash(), Fixture.id("root"), Fixture.id("model"), 7, 5);
    assertThat(Commitment.parse(c.toJson().toString())).isEqualTo(c);
    assertThat(List.of(c.withBinding(Fixture.id("x"), b.enrollHash()))).doesNotContain(c);
  }
}

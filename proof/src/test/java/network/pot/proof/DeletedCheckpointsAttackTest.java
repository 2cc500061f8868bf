package network.pot.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import network.pot.base.crypto.Challenge;
import network.pot.tensor.Parallel;
import network.pot.tensor.train.Checkpoint;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack: a miner keeps fewer checkpoints than its storage plan says (to save more disk than its
 * budget allows), hoping no challenge lands where it must re-train from a checkpoint it deleted.
 * Any challenge that does cannot be answered: the verifier reports the blob missing and rejects the
 * proof, which costs the miner its bond as any unanswered challenge does.
 */
@Tag("attack")
@Timeout(180)
class DeletedCheckpointsAttackTest {
  static final TaskSpec TASK = Fixture.task(24, 2, 4);
  static final int N = TASK.segments();
  static final Binding BINDING = Fixture.binding(TASK, "miner-pruner", "block-pruner");
  @TempDir Path tmp;

  ProofDirectory sparseProof() throws IOException {
    long length = Checkpoint.encodedLength(TASK.newTrainer(BINDING.seeds(), Fixture.DATA.train()));
    try (ProofDirectory.Staging staging = ProofDirectory.stage(tmp.resolve("proof"));
        Parallel par = Parallel.of(1)) {
      Prover.Result r =
          Prover.prove(
              TASK, BINDING, Fixture.DATA, staging.directory(), 6 * length - 1, par, s -> {});
      assertThat(r.storage().every()).isEqualTo(3);
      staging.directory().save(r);
      return staging.publish();
    }
  }

  Verdict verify(ProofDirectory dir, List<Integer> segments) throws IOException {
    try (Parallel par = Parallel.of(1)) {
      return new Verifier(TASK, Fixture.DATA, par)
          .verify(dir.commitment(), dir.server(TASK, Fixture.DATA.train(), par), dir, segments);
    }
  }

  @Test
  void aMinerThatDeletedTheCheckpointAChallengeNeedsCannotAnswerAndIsRejected() throws IOException {
    ProofDirectory dir = sparseProof();
    assertThat(verify(dir, Challenge.all(N)).valid()).isTrue();
    // leaf 6 is kept by the plan; segments 6, 7 and 8 start from it (7 and 8 re-trained)
    Files.delete(dir.blobPath(dir.open(6).orElseThrow().leaf()));
    for (int segment : List.of(7, 8, 6)) {
      Verdict v = verify(dir, List.of(0, segment, N - 1));
      assertThat(v.valid()).as("segment %d: %s", segment, v.toJson()).isFalse();
      assertThat(v.failures()).hasSize(1);
      assertThat(v.failures().get(0).segment()).isEqualTo(segment);
      assertThat(v.failures().get(0).reason()).isEqualTo(Reason.MISSING_BLOB);
      assertThat(v.fraud()).isEmpty();
    }
    // the segments that do not need it are still answered
    assertThat(verify(dir, List.of(0, 4, 5, 9, N - 1)).valid()).isTrue();
  }

  @Test
  void reTrainingFromAnEarlierCheckpointDoesNotStandInForADeletedAnchor() throws IOException {
    ProofDirectory dir = sparseProof();
    // keep only the first and the last checkpoint: every middle challenge is beyond the bound
    for (int leaf = 1; leaf < N; leaf++) {
      Files.deleteIfExists(dir.blobPath(dir.open(leaf).orElseThrow().leaf()));
    }
    Verdict v = verify(dir, Challenge.all(N));
    assertThat(v.valid()).isFalse();
    assertThat(v.failures())
        .extracting(Verdict.Failure::segment)
        .containsExactly(3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(v.failures()).allMatch(f -> f.reason() == Reason.MISSING_BLOB);
  }
}

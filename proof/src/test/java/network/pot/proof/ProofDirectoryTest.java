package network.pot.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import network.pot.base.crypto.Challenge;
import network.pot.base.crypto.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A staged proof appears at its target complete, or not at all. */
@Timeout(120)
class ProofDirectoryTest {
  static final TaskSpec TASK = Fixture.task(8, 2, 1);
  static final Binding BINDING = Fixture.binding(TASK, "miner-staged", "block-staged");
  @TempDir Path tmp;

  @Test
  void aPublishedProofIsCompleteAtItsTargetAndVerifies() throws IOException {
    Path target = tmp.resolve("proof");
    ProofDirectory dir;
    Prover.Result r;
    try (ProofDirectory.Staging staging = ProofDirectory.stage(target)) {
      r = Fixture.prove(TASK, BINDING, Fixture.DATA, staging.directory(), 1);
      assertThat(target).doesNotExist();
      staging.directory().save(r);
      dir = staging.publish();
    }
    assertThat(dir.dir()).isEqualTo(target.toAbsolutePath());
    assertThat(entries(tmp)).containsExactly(target);
    assertThat(dir.commitment()).isEqualTo(r.commitment());
    Verdict v = Fixture.verify(TASK, dir.commitment(), dir, dir, Challenge.all(TASK.segments()), 1);
    assertThat(v.failures()).isEmpty();
  }

  @Test
  void aRunThatFailsLeavesNothingBehind() throws IOException {
    Path target = tmp.resolve("proof");
    int[] stored = {0};
    try (ProofDirectory.Staging staging = ProofDirectory.stage(target)) {
      BlobSink failing =
          (id, blob) -> {
            if (++stored[0] == 3) {
              throw new IOException("disk full");
            }
            staging.directory().put(id, blob);
          };
      assertThatThrownBy(() -> Fixture.prove(TASK, BINDING, Fixture.DATA, failing, 1))
          .hasRootCauseMessage("disk full");
    }
    assertThat(entries(tmp)).isEmpty();
  }

  @Test
  void publishingOverAnotherDirectoryIsRefusedUnlessItIsEmpty() throws IOException {
    Path target = tmp.resolve("proof");
    Files.createDirectories(target);
    try (ProofDirectory.Staging staging = ProofDirectory.stage(target)) {
      staging.directory().writeCommitment(sampleCommitment());
      staging.publish();
    }
    assertThat(target.resolve(ProofDirectory.COMMITMENT)).exists();

    try (ProofDirectory.Staging again = ProofDirectory.stage(target)) {
      again.directory().writeCommitment(sampleCommitment());
      assertThatThrownBy(again::publish).hasMessageContaining("not empty");
    }
    assertThat(entries(tmp)).containsExactly(target);
  }

  private static Commitment sampleCommitment() {
    byte[] h = Sha256.tagged("sample");
    return new Commitment(TASK.taskId(), h, h, h, h, 1, TASK.segments() + 1);
  }

  private static List<Path> entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}

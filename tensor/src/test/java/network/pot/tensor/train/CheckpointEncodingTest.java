package network.pot.tensor.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import network.pot.base.crypto.Sha256;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataFormatException;
import network.pot.tensor.optim.OptimizerSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ways of producing a checkpoint's bytes and hashes agree: into a fresh or a reused buffer, and
 * the streamed state and model hashes equal hashing the encoded bytes.
 */
@Timeout(120)
class CheckpointEncodingTest {
  static Trainer trainer;

  @BeforeAll
  static void train() throws IOException {
    DeterminismTest.load();
    trainer =
        DeterminismTest.trainer(
            DeterminismTest.SMALL_CNN,
            new OptimizerSpec("adam", 1e-3f, 0f, 0f, 0.9f, 0.999f, 1e-8f),
            3);
    try (Parallel par = Parallel.of(1)) {
      trainer.step(par);
      trainer.step(par);
    }
  }

  @Test
  void aReusedBufferGetsTheSameBytesAsAFreshEncoding() {
    byte[] fresh = Checkpoint.encode(trainer);
    assertThat(Checkpoint.encodedLength(trainer)).isEqualTo(fresh.length);
    byte[] reused = new byte[fresh.length];
    Arrays.fill(reused, (byte) 0x5a);
    Checkpoint.encodeUnsealed(trainer, reused);
    assertThat(Arrays.copyOfRange(reused, reused.length - 32, reused.length)).containsOnly(0);
    assertThat(Checkpoint.seal(reused)).isEqualTo(fresh);
    assertThatThrownBy(() -> Checkpoint.encodeUnsealed(trainer, new byte[fresh.length + 1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bytes");
    assertThatThrownBy(() -> Checkpoint.encodeUnsealed(trainer, new byte[fresh.length - 33]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shorter");
  }

  @Test
  void streamedHashesEqualHashingTheBytes() throws Exception {
    byte[] blob = Checkpoint.encode(trainer);
    assertThat(Checkpoint.stateHash(trainer))
        .isEqualTo(Arrays.copyOfRange(blob, blob.length - 32, blob.length))
        .isEqualTo(Sha256.of(Arrays.copyOf(blob, blob.length - 32)));
    Checkpoint.Contents c = Checkpoint.decode(blob, "blob");
    assertThat(Checkpoint.modelHash(c.model())).isEqualTo(Checkpoint.modelHash(trainer.model()));
  }

  @Test
  void anUntrainedCheckpointIsAFreshTrainersWithTheModelsWeights() throws DataFormatException {
    OptimizerSpec sgd = OptimizerSpec.sgd(0.05f, 0.9f, 0f);
    Trainer fresh =
        new Trainer(
            trainer.model(),
            new network.pot.tensor.optim.Optimizer(sgd, trainer.model().params()),
            DeterminismTest.train,
            7,
            new Seeds(1, 2, 3));
    byte[] blob = Checkpoint.encodeUntrained(trainer.model(), sgd, new Seeds(1, 2, 3), 7);
    assertThat(blob).isEqualTo(Checkpoint.encode(fresh));
    Checkpoint.Contents c = Checkpoint.decode(blob, "blob");
    assertThat(c.step()).isZero();
    assertThat(c.optimizerUpdates()).isZero();
    assertThat(Checkpoint.modelHash(c.model())).isEqualTo(Checkpoint.modelHash(trainer.model()));
  }

  @Test
  void decodingVerifiedBytesSkipsOnlyTheTrailerCheck() throws DataFormatException {
    byte[] blob = Checkpoint.encode(trainer);
    Checkpoint.Contents checked = Checkpoint.decode(blob, "blob");
    Checkpoint.Contents trusted = Checkpoint.decodeVerified(blob, "blob");
    assertThat(trusted.stateHash()).isEqualTo(checked.stateHash());
    assertThat(Checkpoint.stateHash(trusted.trainer(DeterminismTest.train)))
        .isEqualTo(Checkpoint.stateHash(trainer));

    byte[] corrupt = blob.clone();
    corrupt[100] ^= 1;
    assertThatThrownBy(() -> Checkpoint.decode(corrupt, "blob"))
        .hasMessageContaining("trailer mismatch");
    byte[] truncated = Arrays.copyOf(blob, blob.length - 5);
    assertThatThrownBy(() -> Checkpoint.decodeVerified(truncated, "blob"))
        .isInstanceOf(DataFormatException.class);
  }
}

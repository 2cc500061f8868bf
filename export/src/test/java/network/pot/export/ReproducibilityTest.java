package network.pot.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import network.pot.tensor.nn.Model;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproducibilityTest {
  @TempDir Path dir;

  @Test
  void exportingTheSameCheckpointTwiceGivesTheSameBytesInBothFormats() throws Exception {
    Path ckpt = dir.resolve("cnn.ckpt");
    Checkpoint.write(Fixtures.trainer(ModelSpec.cnn(), 3), ckpt);
    Map<String, String> prov = Map.of("task", "7", "dataset", "fashion-mnist");
    for (Exporter f : Exporter.values()) {
      Path a = dir.resolve("a." + f.id());
      Path b = dir.resolve("b." + f.id());
      f.write(Checkpoint.read(ckpt).model(), prov, a);
      f.write(Checkpoint.read(ckpt).model(), Map.of("dataset", "fashion-mnist", "task", "7"), b);
      assertThat(Files.readAllBytes(a)).as(f.id()).isEqualTo(Files.readAllBytes(b));
    }
  }

  @Test
  void aProvenanceKeyInTheReservedNamespaceIsRefusedAndNothingIsWritten() throws Exception {
    Model m = Fixtures.trained(ModelSpec.mlp(), 0);
    Path out = dir.resolve("m.onnx");
    assertThatThrownBy(() -> Exporter.ONNX.write(m, Map.of("pot.model_hash", "x"), out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reserved");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void anUnknownFormatNamesTheOnesThereAre() {
    assertThatThrownBy(() -> Exporter.parse("pickle"))
        .hasMessage("unknown export format 'pickle' (expected onnx or safetensors)");
  }
}

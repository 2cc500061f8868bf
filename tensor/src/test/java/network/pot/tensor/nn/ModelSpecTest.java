package network.pot.tensor.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelSpecTest {
  @Test
  void presetsHaveDocumentedShapesAndParameterCounts() {
    Model mlp = new Model(ModelSpec.mlp());
    assertThat(mlp.parameterCount()).isEqualTo(784L * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10);
    assertThat(mlp.outputSize()).isEqualTo(10);
    Model cnn = new Model(ModelSpec.cnn());
    assertThat(cnn.parameterCount()).isEqualTo(25L * 32 + 32 + 800 * 64 + 64 + 1024 * 10 + 10);
    assertThat(cnn.outputSize()).isEqualTo(10);
    assertThat(ModelSpec.mlp().parameterCount()).isEqualTo(mlp.parameterCount());
    assertThat(ModelSpec.cnn().parameterCount()).isEqualTo(cnn.parameterCount());
  }

  @Test
  void aWeightNoArrayCanHoldIsRefusedWhenTheSpecIsParsed() {
    assertThatThrownBy(
            () ->
                ModelSpec.parse(
                    "{\"input\":[100000],\"layers\":[{\"type\":\"linear\",\"out\":100000}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layers[0]: linear: a weight of 100000 x 100000 is too large");
    assertThatThrownBy(
            () ->
                ModelSpec.parse(
                    "{\"input\":[3000,3000,3000],\"layers\":[{\"type\":\"conv2d\",\"out\":9,"
                        + "\"kernel\":3000}]}"))
        .hasMessageContaining("layers[0]: conv2d: a weight of 3000x3000x3000 x 9 is too large");
  }

  @Test
  void canonicalJsonIsSortedWithDefaultsAndStableUnderReparse() {
    ModelSpec a =
        ModelSpec.parse(
            "{ \"layers\": [ {\"kernel\":3, \"type\":\"conv2d\", \"out\":4} , {\"type\":\"flatten\"},"
                + " {\"type\":\"linear\",\"out\":2}], \"input\": [5,5,1] }");
    assertThat(a.canonicalJson())
        .isEqualTo(
            "{\"init\":\"he_normal\",\"input\":[5,5,1],\"layers\":[{\"kernel\":3,\"out\":4,"
                + "\"padding\":0,\"stride\":1,\"type\":\"conv2d\"},{\"type\":\"flatten\"},"
                + "{\"out\":2,\"type\":\"linear\"}],\"loss\":\"softmax_cross_entropy\"}");
    assertThat(ModelSpec.parse(a.canonicalJson()).canonicalJson()).isEqualTo(a.canonicalJson());
  }

  @Test
  void rejectsBadSpecsWithClearMessages() {
    assertThatThrownBy(() -> ModelSpec.parse("{"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> ModelSpec.parse("{\"input\":[4],\"layers\":[{\"type\":\"lstm\"}]}"))
        .hasMessageContaining("unknown layer type 'lstm'");
    assertThatThrownBy(
            () -> ModelSpec.parse("{\"input\":[4],\"layers\":[{\"type\":\"linear\",\"out\":0}]}"))
        .hasMessageContaining("layers[0].out must be a positive integer");
    assertThatThrownBy(
            () ->
                ModelSpec.parse(
                    "{\"input\":[4],\"layers\":[{\"type\":\"conv2d\",\"out\":2,\"kernel\":3}]}"))
        .hasMessageContaining("layers[0]");
    assertThatThrownBy(
            () ->
                ModelSpec.parse(
                    "{\"input\":[4],\"layers\":[{\"type\":\"relu\"}],\"colour\":\"red\"}"))
        .hasMessageContaining("unknown field 'colour'");
  }
}

package network.pot.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import network.pot.tensor.nn.Model;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.train.Checkpoint;
import org.junit.jupiter.api.Test;

class SafetensorsTest {
  /** Reads a safetensors file the way the format describes it, with nothing of the writer. */
  record Read(JsonNode header, ByteBuffer data, int headerLength) {
    float[] tensor(String name) {
      JsonNode e = header.get(name);
      assertThat(e.get("dtype").asText()).isEqualTo("F32");
      long begin = e.get("data_offsets").get(0).asLong();
      long end = e.get("data_offsets").get(1).asLong();
      long numel = 1;
      for (JsonNode d : e.get("shape")) {
        numel *= d.asLong();
      }
      assertThat(end - begin).isEqualTo(4 * numel);
      float[] out = new float[(int) numel];
      for (int i = 0; i < out.length; i++) {
        out[i] = data.getFloat((int) begin + 4 * i);
      }
      return out;
    }
  }

  static Read read(byte[] file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    long n = b.getLong(0);
    String json = new String(file, 8, (int) n, StandardCharsets.UTF_8);
    JsonNode header = new ObjectMapper().readTree(json);
    ByteBuffer data =
        ByteBuffer.wrap(file, 8 + (int) n, file.length - 8 - (int) n)
            .slice()
            .order(ByteOrder.LITTLE_ENDIAN);
    return new Read(header, data, (int) n);
  }

  @Test
  void everyTensorOfTheCnnHoldsTheCheckpointsBitsUnderItsTorchName() throws Exception {
    Model m = Fixtures.trained(ModelSpec.cnn(), 5);
    byte[] file = Exporter.SAFETENSORS.encode(m, Map.of("publisher", "alice"));
    Read r = read(file);

    assertThat((8 + r.headerLength()) % 8).isZero();
    List<String> keys = new ArrayList<>();
    r.header().fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .isSorted()
        .containsExactly(
            "__metadata__",
            "layers.1.bias",
            "layers.1.weight",
            "layers.4.bias",
            "layers.4.weight",
            "layers.8.bias",
            "layers.8.weight");
    JsonNode meta = r.header().get("__metadata__");
    assertThat(meta.get("publisher").asText()).isEqualTo("alice");
    assertThat(meta.get("pot.model_hash").asText())
        .isEqualTo(Checkpoint.hex(Checkpoint.modelHash(m)));
    assertThat(meta.get("pot.model_spec").asText()).isEqualTo(m.spec().canonicalJson());
    meta.elements().forEachRemaining(v -> assertThat(v.isTextual()).isTrue());
    assertThat(r.header().get("layers.4.weight").get("shape").toString()).isEqualTo("[64,32,5,5]");
    assertThat(r.header().get("layers.8.weight").get("shape").toString()).isEqualTo("[10,1024]");

    // conv: engine W[(kh*5 + kw)*C + c][oc]  <->  torch W[oc][c][kh][kw]
    for (int[] layer : new int[][] {{1, 1, 32}, {4, 32, 64}}) {
      float[] engine = m.layers().get(layer[0]).params().get(0).value();
      float[] st = r.tensor("layers." + layer[0] + ".weight");
      int c = layer[1];
      int oc = layer[2];
      for (int o = 0; o < oc; o++) {
        for (int ch = 0; ch < c; ch++) {
          for (int kh = 0; kh < 5; kh++) {
            for (int kw = 0; kw < 5; kw++) {
              int torch = ((o * c + ch) * 5 + kh) * 5 + kw;
              int eng = ((kh * 5 + kw) * c + ch) * oc + o;
              assertThat(Float.floatToRawIntBits(st[torch]))
                  .isEqualTo(Float.floatToRawIntBits(engine[eng]));
            }
          }
        }
      }
      assertBits(
          r.tensor("layers." + layer[0] + ".bias"),
          m.layers().get(layer[0]).params().get(1).value());
    }
    // linear after flattening a 4x4x64 image: engine row (y*4 + x)*64 + c, torch column (c*4 + y)*4
    // + x, so that the torch model's channels-first flatten meets the right weights
    float[] engine = m.layers().get(8).params().get(0).value();
    float[] st = r.tensor("layers.8.weight");
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        for (int c = 0; c < 64; c++) {
          for (int o = 0; o < 10; o++) {
            float e = engine[((y * 4 + x) * 64 + c) * 10 + o];
            float t = st[o * 1024 + (c * 4 + y) * 4 + x];
            assertThat(Float.floatToRawIntBits(t)).isEqualTo(Float.floatToRawIntBits(e));
          }
        }
      }
    }
    assertBits(r.tensor("layers.8.bias"), m.layers().get(8).params().get(1).value());
  }

  @Test
  void theMlpsLinearWeightsAreTheEngineMatricesTransposed() throws Exception {
    Model m = Fixtures.trained(ModelSpec.mlp(), 3);
    Read r = read(Exporter.SAFETENSORS.encode(m, Map.of()));
    for (int layer : new int[] {2, 4, 6}) {
      float[] engine = m.layers().get(layer).params().get(0).value();
      int in = m.layers().get(layer).inSize();
      int out = m.layers().get(layer).outSize();
      float[] st = r.tensor("layers." + layer + ".weight");
      assertThat(r.header().get("layers." + layer + ".weight").get("shape").toString())
          .isEqualTo("[" + out + "," + in + "]");
      for (int i = 0; i < in; i++) {
        for (int o = 0; o < out; o++) {
          assertThat(Float.floatToRawIntBits(st[o * in + i]))
              .isEqualTo(Float.floatToRawIntBits(engine[i * out + o]));
        }
      }
    }
  }

  private static void assertBits(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Float.floatToRawIntBits(actual[i]))
          .isEqualTo(Float.floatToRawIntBits(expected[i]));
    }
  }
}

package network.pot.tensor.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import network.pot.base.fuzz.Refusals;
import network.pot.tensor.data.DataFormatException;
import network.pot.tensor.nn.Model;

/**
 * {@link Checkpoint#decode} on any bytes (a verifier decodes the checkpoints a miner serves): its
 * contents or a {@link DataFormatException}. Each input is decoded as it is, and again with the
 * SHA-256 trailer it would need appended, so that the fuzzer reaches the body behind the hash.
 */
class CheckpointFuzzTest {
  @FuzzTest
  void decode(byte[] input) throws Exception {
    byte[] sealed = Checkpoint.seal(Arrays.copyOf(input, input.length + 32));
    for (byte[] bytes : new byte[][] {input, sealed}) {
      Refusals.decode(bytes, b -> Checkpoint.decode(b, "input"), DataFormatException.class)
          .ifPresent(
              c -> {
                // accepted bytes carry their own hash, and say as much as without checking it
                assertThat(Checkpoint.seal(bytes.clone())).isEqualTo(bytes);
                assertThat(c.params()).hasSameSizeAs(new Model(c.modelSpec()).params());
              });
    }
  }
}

package network.pot.tensor.nn;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import network.pot.base.fuzz.Refusals;

/**
 * {@link ModelSpec#parse} on any text (a model spec arrives inside a task spec from anyone): a spec
 * whose canonical JSON parses back to itself, or an {@link IllegalArgumentException}.
 */
class ModelSpecFuzzTest {
  @FuzzTest
  void parse(byte[] input) throws Exception {
    Refusals.canonicalForm(input, ModelSpec::parse, ModelSpec::canonicalJson)
        .ifPresent(c -> assertThat(ModelSpec.parse(c).canonicalJson()).isEqualTo(c));
  }
}

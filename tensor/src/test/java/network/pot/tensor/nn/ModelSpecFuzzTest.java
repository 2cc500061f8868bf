package network.pot.tensor.nn;

import com.code_intelligence.jazzer.junit.FuzzTest;
import network.pot.base.fuzz.Refusals;

/**
 * {@link ModelSpec#parse} on any text (a model spec arrives inside a task spec from anyone): a spec
 * whose canonical JSON parses back to itself, or an {@link IllegalArgumentException}.
 */
class ModelSpecFuzzTest {
  @FuzzTest
  void parse(byte[] input) throws Exception {
    Refusals.canonicalText(input, ModelSpec::parse, ModelSpec::canonicalJson);
  }
}

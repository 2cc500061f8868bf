package network.pot.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import network.pot.base.fuzz.Refusals;

/**
 * {@link TaskSpec#parse} on any text (nodes store and serve task specs for anyone): a task whose
 * canonical JSON parses back to the same task, or an {@link IllegalArgumentException}.
 */
class TaskSpecFuzzTest {
  @FuzzTest
  void parse(byte[] input) throws Exception {
    Refusals.canonicalForm(input, TaskSpec::parse, TaskSpec::canonicalJson)
        .ifPresent(c -> assertThat(TaskSpec.parse(c).canonicalJson()).isEqualTo(c));
  }
}

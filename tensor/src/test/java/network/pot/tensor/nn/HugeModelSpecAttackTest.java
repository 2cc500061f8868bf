package network.pot.tensor.nn;

import static org.assertj.core.api.Assertions.assertThat;

import network.pot.tensor.Allocations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The attack: a task spec naming a huge model. Every node that reads the spec parses its model
 * (miners deciding whether to enroll, the RPC storing it, verifiers and fraud checkers); if parsing
 * allocated the model's parameters, one spec of a few hundred bytes would take gigabytes of memory
 * from each of them before anyone could look at its size. Parsing checks the shapes and computes
 * the parameter count without allocating a single parameter.
 */
@Tag("attack")
class HugeModelSpecAttackTest {
  @Test
  void parsingTheSpecOfAHugeModelAllocatesNoneOfIt() {
    // 784 x 100,000 + 100,000 = 78.5 million parameters: 314 MB of values and as much of gradients
    String json =
        "{\"input\":[28,28,1],\"layers\":[{\"type\":\"flatten\"},"
            + "{\"type\":\"linear\",\"out\":100000},{\"type\":\"relu\"},"
            + "{\"type\":\"linear\",\"out\":10}]}";

    Allocations.Outcome parse = Allocations.of(() -> ModelSpec.parse(json));

    assertThat(parse.thrown()).isNull();
    assertThat(parse.bytes()).as("bytes allocated parsing the spec").isLessThan(16L << 20);
    assertThat(ModelSpec.parse(json).parameterCount())
        .isEqualTo(784L * 100_000 + 100_000 + 100_000L * 10 + 10);
  }
}

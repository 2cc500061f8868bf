package network.pot.node.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import network.pot.base.crypto.Hash;
import network.pot.chain.tx.Payload;
import network.pot.proof.TaskSpec;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.OptimizerSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The attack, as the miner's decision: tasks posted to grief miners (too many steps, a deadline too
 * far, a bond too large, a model too large for memory, checkpoints too large for disk, one task too
 * many at once) are refused with the reason, each by the limit it breaks; an ordinary task passes.
 * Pure logic, no node.
 */
@Tag("attack")
class MinerPolicyAttackTest {
  private static final long HEIGHT = 1_000;
  private final MinerPolicy policy = new MinerPolicy(10_000, 1_000, 1_000_000, 1L << 30, 2, 5_000);
  private final Hash data = Hash.sha256(new byte[] {7});

  private static Payload.PublishTask terms(long steps, long deadlineIn, long bond) {
    return new Payload.PublishTask(
        Hash.ZERO, Hash.ZERO, steps, 25, 1, 1_000, HEIGHT + deadlineIn, bond, 1);
  }

  private TaskSpec spec(ModelSpec model, long steps, long checkpointEvery) {
    return new TaskSpec(
        data.toArray(), model, OptimizerSpec.sgd(0.01f, 0.9f, 0f), 64, steps, checkpointEvery, 1);
  }

  private static ModelSpec linear(int hidden) {
    return ModelSpec.parse(
        "{\"input\":[28,28,1],\"layers\":[{\"type\":\"flatten\"},{\"type\":\"linear\",\"out\":"
            + hidden
            + "},{\"type\":\"relu\"},{\"type\":\"linear\",\"out\":10}]}");
  }

  private static String refusal(MinerPolicy.Decision d) {
    assertThat(d.accepted()).as("accepted").isFalse();
    return d.reason();
  }

  @Test
  void anOrdinaryTaskIsTaken() {
    assertThat(policy.accepts(terms(100, 50, 10), HEIGHT, 0).accepted()).isTrue();
    assertThat(policy.accepts(terms(10_000, 1_000, 5_000), HEIGHT, 1).accepted()).isTrue();
    assertThat(policy.accepts(spec(ModelSpec.mlp(), 100, 25)).accepted()).isTrue();
  }

  @Test
  void eachGriefingTermIsRefusedByTheLimitItBreaks() {
    assertThat(refusal(policy.accepts(terms(1_000_000_000L, 50, 10), HEIGHT, 0)))
        .isEqualTo("1000000000 steps, more than max_steps 10000");
    assertThat(refusal(policy.accepts(terms(100, 1_001, 10), HEIGHT, 0)))
        .isEqualTo("a deadline 1001 blocks away, more than max_deadline_blocks 1000");
    assertThat(refusal(policy.accepts(terms(100, 50, 5_001), HEIGHT, 0)))
        .isEqualTo("a bond of 5001, more than max_bond 5000");
    assertThat(refusal(policy.accepts(terms(100, 50, 10), HEIGHT, 2)))
        .isEqualTo("2 tasks in hand already, max_concurrent_tasks 2");
  }

  @Test
  void aModelOrProofTooLargeIsRefusedBeforeAnythingIsAllocated() {
    // 784 x 2,000 + 2,000 + 2,000 x 10 + 10 parameters
    assertThat(refusal(policy.accepts(spec(linear(2_000), 100, 25))))
        .isEqualTo("a model of 1590010 parameters, more than max_model_params 1000000");
    // the mlp's 235,146 parameters and momentum, 8,001 checkpoints: 15 GB of proof
    assertThat(refusal(policy.accepts(spec(ModelSpec.mlp(), 8_000, 1))))
        .isEqualTo("checkpoints of about 15051225168 bytes, more than max_proof_bytes 1073741824");
    // a model no machine holds: refused by its count, which is computed without building it
    assertThat(refusal(policy.accepts(spec(linear(2_000_000), 100, 25))))
        .startsWith("a model of 1590000010 parameters");
  }

  @Test
  void aPolicyHasNoZeroOrNegativeLimit() {
    assertThatThrownBy(() -> new MinerPolicy(0, 1, 1, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MinerPolicy(1, 1, 1, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

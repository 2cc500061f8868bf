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
    // the mlp's 235,146 parameters and momentum, 8,001 checkpoints: 15 GB kept in full, but
    // stored every 15th within the 1 GiB budget; a budget below the first and last is refused
    assertThat(policy.accepts(spec(ModelSpec.mlp(), 8_000, 1)).accepted()).isTrue();
    assertThat(policy.storage(spec(ModelSpec.mlp(), 8_000, 1)).every()).isEqualTo(15);
    MinerPolicy smallDisk = new MinerPolicy(10_000, 1_000, 1_000_000, 3_000_000, 2, 5_000);
    assertThat(refusal(smallDisk.accepts(spec(ModelSpec.mlp(), 8_000, 1))))
        .isEqualTo(
            "checkpoints of about 1881168 bytes, the first and the last more than max_proof_bytes"
                + " 3000000");
    // a model no machine holds: refused by its count, which is computed without building it
    assertThat(refusal(policy.accepts(spec(linear(2_000_000), 100, 25))))
        .startsWith("a model of 1590000010 parameters");
  }

  @Test
  void aTaskWhoseChallengesCannotBeServedInTimeIsRefused() {
    // 1 GiB holds every 15th mlp checkpoint of 8,000 steps: up to 14 steps of re-training
    TaskSpec sparse = spec(ModelSpec.mlp(), 8_000, 1);
    assertThat(policy.servesInTime(sparse, 0.5, 10).accepted()).isTrue();
    assertThat(refusal(policy.servesInTime(sparse, 1.0, 10)))
        .isEqualTo(
            "serving a challenge may take re-training 14 steps, about 14.0 s at 1.0000 s a step,"
                + " more than the 10.0 s a verifier waits");
    // a task stored in full costs no re-training however slow the miner is
    assertThat(policy.servesInTime(spec(ModelSpec.mlp(), 100, 25), 100.0, 10).accepted()).isTrue();
    // nothing measured yet: nothing to go by
    assertThat(policy.servesInTime(sparse, 0, 10).accepted()).isTrue();
  }

  @Test
  void aPolicyHasNoZeroOrNegativeLimit() {
    assertThatThrownBy(() -> new MinerPolicy(0, 1, 1, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MinerPolicy(1, 1, 1, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

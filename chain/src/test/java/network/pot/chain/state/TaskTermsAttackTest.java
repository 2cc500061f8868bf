package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Tasks whose terms would make a node work without bound: any account could publish a task of 10^12
 * steps with a checkpoint every 10^12 steps, commit a two-leaf transcript, and send a fraud proof
 * for segment 0; every proposer would then re-execute 10^12 steps inside the block. Or it could tie
 * up miners' bonds and its own escrow for ever with a deadline at the end of time. The chain
 * refuses such terms when the task is published.
 */
@Tag("attack")
class TaskTermsAttackTest {
  private final KeyPair v1 = TestChain.key("v1");
  private final KeyPair attacker = TestChain.key("attacker");
  private final Hash data = Hash.sha256(new byte[] {7});

  private TestChain chain() {
    Map<KeyPair, Long> balances = new LinkedHashMap<>();
    balances.put(attacker, 10_000_000L);
    balances.put(v1, 10L);
    TestChain c =
        new TestChain(
            TestChain.genesis(Params.DEFAULT, balances, List.of(v1), 5_000, 0),
            List.of(v1),
            FraudProofChecker.NONE);
    assertThat(c.run(attacker, new Payload.RegisterDataset(data, "CC0", 0))).isEqualTo(Outcome.OK);
    return c;
  }

  private Outcome publish(TestChain c, long steps, long interval, long deadline) {
    return publish(c, steps, interval, deadline, 1);
  }

  private Outcome publish(TestChain c, long steps, long interval, long deadline, long flops) {
    return c.run(
        attacker,
        Payload.PublishTask.builder()
            .datasetId(data)
            .specHash(Hash.ZERO)
            .totalSteps(steps)
            .checkpointInterval(interval)
            .flopsPerStep(flops)
            .reward(1_000)
            .deadline(deadline)
            .minMinerBond(1)
            .sampleSize(1)
            .build());
  }

  @Test
  void aSegmentOfATrillionStepsIsRefused() {
    TestChain c = chain();
    long h = c.state.height();
    assertThat(publish(c, 1_000_000_000_000L, 1_000_000_000_000L, h + 20))
        .isEqualTo(Outcome.TASK_OUT_OF_BOUNDS);
    long segment = Params.DEFAULT.maxSegmentSteps() + 1;
    assertThat(publish(c, segment * 2, segment, h + 20)).isEqualTo(Outcome.TASK_OUT_OF_BOUNDS);
  }

  @Test
  void moreStepsThanTheChainAllowsAreRefused() {
    TestChain c = chain();
    long steps = Params.DEFAULT.maxTaskSteps() + Params.DEFAULT.maxSegmentSteps();
    assertThat(publish(c, steps, Params.DEFAULT.maxSegmentSteps(), c.state.height() + 20))
        .isEqualTo(Outcome.TASK_OUT_OF_BOUNDS);
  }

  @Test
  void aDeadlineAtTheEndOfTimeIsRefused() {
    TestChain c = chain();
    assertThat(publish(c, 1_000, 100, Long.MAX_VALUE - 1)).isEqualTo(Outcome.TASK_OUT_OF_BOUNDS);
    long h = c.state.height();
    assertThat(publish(c, 1_000, 100, h + 2 + Params.DEFAULT.maxTaskDuration()))
        .isEqualTo(Outcome.TASK_OUT_OF_BOUNDS);
  }

  @Test
  void aTrivialTaskDeclaringBoundlessWorkIsRefused() {
    // its share of the miner pool goes by declared work: Long.MAX_VALUE would take nearly all of it
    TestChain c = chain();
    long h = c.state.height();
    assertThat(publish(c, 100, 10, h + 20, Long.MAX_VALUE)).isEqualTo(Outcome.TASK_OUT_OF_BOUNDS);
    assertThat(publish(c, 100, 10, h + 20, Params.DEFAULT.maxStepFlops() + 1))
        .isEqualTo(Outcome.TASK_OUT_OF_BOUNDS);
    assertThat(publish(c, 100, 10, h + 20, Params.DEFAULT.maxStepFlops())).isEqualTo(Outcome.OK);
  }

  @Test
  void oneTrainingRunCannotBeCommittedToTwoTasksWithTheSameSpec() {
    // the binding that seeds a run names the enrollment; enrolling in two tasks of one spec in
    // one block must still give two different bindings, so each task is paid for its own run
    TestChain c = chain();
    long h = c.state.height();
    assertThat(publish(c, 100, 10, h + 20)).isEqualTo(Outcome.OK);
    assertThat(publish(c, 100, 10, h + 20)).isEqualTo(Outcome.OK);
    Address publisher = Address.of(attacker);
    List<Hash> tasks = List.of(Tasks.taskId(publisher, 1), Tasks.taskId(publisher, 2));
    assertThat(c.state.task(tasks.get(0)).terms().specHash())
        .isEqualTo(c.state.task(tasks.get(1)).terms().specHash());
    KeyPair miner = TestChain.key("miner");
    assertThat(c.run(attacker, new Payload.Transfer(Address.of(miner), 1_000)))
        .isEqualTo(Outcome.OK);
    c.block(
        c.tx(miner, new Payload.EnrollTask(tasks.get(0), 1)),
        c.tx(miner, new Payload.EnrollTask(tasks.get(1), 1)));
    Address m = Address.of(miner);
    Enrollment a = c.state.enrollment(tasks.get(0), m);
    Enrollment b = c.state.enrollment(tasks.get(1), m);
    assertThat(a.enrolledHeight()).isEqualTo(b.enrolledHeight());
    assertThat(a.enrollHash()).isNotEqualTo(b.enrollHash());
  }

  @Test
  void stepsThatAreNotWholeSegmentsAreRefused() {
    TestChain c = chain();
    assertThat(publish(c, 1_001, 100, c.state.height() + 20)).isEqualTo(Outcome.INVALID_TASK);
  }

  @Test
  void termsWithinTheBoundsArePublished() {
    TestChain c = chain();
    long h = c.state.height();
    Params p = Params.DEFAULT;
    assertThat(publish(c, p.maxTaskSteps(), p.maxSegmentSteps(), h + p.maxTaskDuration()))
        .isEqualTo(Outcome.OK);
  }
}

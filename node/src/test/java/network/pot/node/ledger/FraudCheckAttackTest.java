package network.pot.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.FraudProofChecker.Verdict;
import network.pot.chain.state.Task;
import network.pot.chain.tx.Payload;
import network.pot.proof.BlobSource;
import network.pot.proof.Commitment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fraud proofs that would halt every node that checks them: the checker runs while a block is
 * applied, so whatever it does must end in a verdict every node reaches. A task whose chain terms
 * are not its spec's (the terms are what the chain bounded; the spec could ask for anything) is not
 * judged by the spec; a checker that throws on odd inputs judges "no proof" instead of leaving the
 * block unappliable. Reuses the small real transcript of {@link ReexecutingFraudCheckerTest}.
 */
@Tag("attack")
@Timeout(120)
class FraudCheckAttackTest {
  @BeforeAll
  static void train() throws IOException {
    if (ReexecutingFraudCheckerTest.spec == null) {
      ReexecutingFraudCheckerTest.train();
    }
  }

  /** The task with terms that differ from its spec's schedule (one step per checkpoint). */
  private static Task misdescribed() {
    Task t = ReexecutingFraudCheckerTest.task();
    Payload.PublishTask p = t.terms();
    Payload.PublishTask other =
        new Payload.PublishTask(
            p.datasetId(),
            p.specHash(),
            p.totalSteps(),
            1,
            p.flopsPerStep(),
            p.reward(),
            p.deadline(),
            p.minMinerBond(),
            p.sampleSize());
    return new Task(
        t.publisher(), other, t.publishedHeight(), t.escrow(), t.miners(), t.settled(), t.winner());
  }

  @Test
  void aSpecThatIsNotTheChainsTermsJudgesNothing() throws Exception {
    List<byte[]> l = ReexecutingFraudCheckerTest.forged(2);
    Commitment c = ReexecutingFraudCheckerTest.commitmentOf(l);
    Enrollment e = ReexecutingFraudCheckerTest.committed(c);
    assertThat(
            ReexecutingFraudCheckerTest.everything()
                .check(misdescribed(), e, ReexecutingFraudCheckerTest.tx(c, l, 1)))
        .isEqualTo(Verdict.NOT_A_PROOF);
  }

  @Test
  void aTaskDeclaringMoreWorkThanItsSpecIsNotTheTask() {
    // declared work decides a task's share of the miner pool; the spec decides the real work
    Task honest = ReexecutingFraudCheckerTest.task();
    assertThat(TaskSpecs.matchTerms(ReexecutingFraudCheckerTest.spec, honest)).isTrue();
    Payload.PublishTask p = honest.terms();
    Task inflated =
        new Task(
            honest.publisher(),
            new Payload.PublishTask(
                p.datasetId(),
                p.specHash(),
                p.totalSteps(),
                p.checkpointInterval(),
                p.flopsPerStep() * 1_000,
                p.reward(),
                p.deadline(),
                p.minMinerBond(),
                p.sampleSize()),
            honest.publishedHeight(),
            honest.escrow(),
            honest.miners(),
            honest.settled(),
            honest.winner());
    assertThat(TaskSpecs.matchTerms(ReexecutingFraudCheckerTest.spec, inflated))
        .as("no miner trains it and no verifier accepts it")
        .isFalse();
  }

  @Test
  void aCheckerThatThrowsJudgesNoProofInsteadOfHaltingTheBlock() throws Exception {
    BlobSource exploding =
        new BlobSource() {
          @Override
          public Optional<byte[]> fetch(byte[] id) {
            throw new IllegalStateException("an input this checker cannot handle");
          }
        };
    FraudProofChecker checker =
        ReexecutingFraudCheckerTest.checker(
            Optional.of(ReexecutingFraudCheckerTest.spec),
            Optional.of(ReexecutingFraudCheckerTest.data),
            exploding);
    List<byte[]> l = ReexecutingFraudCheckerTest.forged(2);
    Commitment c = ReexecutingFraudCheckerTest.commitmentOf(l);
    assertThat(
            checker.check(
                ReexecutingFraudCheckerTest.task(),
                ReexecutingFraudCheckerTest.committed(c),
                ReexecutingFraudCheckerTest.tx(c, l, 1)))
        .isEqualTo(Verdict.NOT_A_PROOF);
  }
}

package network.pot.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import network.pot.base.crypto.Hash;
import network.pot.chain.state.CollabChecker;
import network.pot.chain.state.CollabRound;
import network.pot.chain.state.CollabTask;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.FraudProofChecker.Unavailable;
import network.pot.chain.tx.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The consensus thread never waits: the first request starts the work, a later one gets it. */
@Timeout(30)
class BackgroundCollabCheckerTest {
  static final Payload.PublishCollabTask TERMS =
      Payload.PublishCollabTask.builder()
          .datasetId(Hash.sha256(new byte[] {1}))
          .specHash(Hash.sha256(new byte[] {2}))
          .genesis(Payload.ModelHashes.NONE)
          .rounds(2)
          .miners(2)
          .build();

  /** An inner checker that blocks until released, and fails its first {@code failures} calls. */
  static final class Slow implements CollabChecker {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    int failures;

    @Override
    public SpecCheck checkSpec(Hash taskId, Payload.PublishCollabTask terms) throws Unavailable {
      calls.incrementAndGet();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failures-- > 0) {
        throw new Unavailable("spec not here yet");
      }
      return SpecCheck.WRONG_GENESIS;
    }

    @Override
    public Payload.ModelHashes next(Hash taskId, CollabTask task, int index, CollabRound round) {
      throw new AssertionError("this test asks for specs only");
    }

    @Override
    public FraudProofChecker.Verdict checkContribution(
        Hash taskId,
        CollabTask task,
        int index,
        CollabRound round,
        CollabRound.Contribution contribution,
        Enrollment enrollment,
        Payload.ContributionFraudProof proof) {
      throw new AssertionError("this test asks for specs only");
    }
  }

  static CollabChecker.SpecCheck poll(BackgroundCollabChecker c) throws InterruptedException {
    for (int i = 0; i < 1_000; i++) {
      try {
        return c.checkSpec(Hash.ZERO, TERMS);
      } catch (Unavailable e) {
        Thread.sleep(5);
      }
    }
    throw new AssertionError("no answer");
  }

  @Test
  void theFirstRequestStartsTheCheckAndALaterOneGetsItsAnswerOnce() throws Exception {
    Slow slow = new Slow();
    try (BackgroundCollabChecker c = new BackgroundCollabChecker(slow, 4)) {
      assertThatThrownBy(() -> c.checkSpec(Hash.ZERO, TERMS))
          .isInstanceOf(Unavailable.class)
          .hasMessageContaining("background");
      assertThat(c.pending()).isEqualTo(1);
      slow.release.countDown();
      assertThat(poll(c)).isEqualTo(CollabChecker.SpecCheck.WRONG_GENESIS);
      assertThat(c.checkSpec(Hash.ZERO, TERMS)).isEqualTo(CollabChecker.SpecCheck.WRONG_GENESIS);
      assertThat(slow.calls.get()).isEqualTo(1);
    }
  }

  @Test
  void aCheckWhoseInputsWereMissingIsStartedAgain() throws Exception {
    Slow slow = new Slow();
    slow.failures = 1;
    slow.release.countDown();
    try (BackgroundCollabChecker c = new BackgroundCollabChecker(slow, 4)) {
      assertThat(poll(c)).isEqualTo(CollabChecker.SpecCheck.WRONG_GENESIS);
      assertThat(slow.calls.get()).isEqualTo(2);
    }
  }
}

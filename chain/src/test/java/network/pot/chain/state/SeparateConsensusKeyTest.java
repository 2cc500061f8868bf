package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.ConsensusVote;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A validator whose account key stays offline: it registers a separate consensus key, which signs
 * its consensus messages and its verification votes and answers for them, and which no other
 * validator may claim. Written as the attack on the old rule (one key for money and signing, so a
 * validator's machine held its stake's key).
 */
@Tag("attack")
class SeparateConsensusKeyTest {
  private static final Params PARAMS =
      Params.DEFAULT
          .with("epochLength", 5)
          .with("minSelfBond", 1)
          .with("committeeSize", 4)
          .with("verificationWindow", 6);

  private final KeyPair v1 = TestChain.key("v1");
  private final KeyPair v2 = TestChain.key("v2");
  private final KeyPair v3 = TestChain.key("v3");
  private final KeyPair operator = TestChain.key("cold-operator");
  private final KeyPair hot = TestChain.key("hot-consensus");
  private final KeyPair other = TestChain.key("other");
  private final KeyPair publisher = TestChain.key("publisher");
  private final KeyPair miner = TestChain.key("miner");
  private final Hash data = Hash.sha256(new byte[] {9});

  private TestChain chain() {
    Map<KeyPair, Long> b = new LinkedHashMap<>();
    for (KeyPair k : List.of(operator, other, publisher, miner)) {
      b.put(k, 200_000L);
    }
    for (KeyPair k : List.of(hot, v1, v2, v3)) {
      b.put(k, 1_000L); // fees only
    }
    return new TestChain(
        TestChain.genesis(PARAMS, b, List.of(v1, v2, v3), 10_000, 0),
        List.of(v1, v2, v3),
        FraudProofChecker.NONE);
  }

  private static Payload.CreateValidator create(KeyPair consensus) {
    return new Payload.CreateValidator(
        0, 10_000, TestChain.anchor(consensus), consensus.publicKey());
  }

  @Test
  void theHotKeySignsForTheColdValidatorAndAnswersForIt() {
    TestChain c = chain();
    Address op = Address.of(operator);
    assertThat(c.run(operator, create(hot))).isEqualTo(Outcome.OK);
    assertThat(c.state.validator(op).consensusKey()).isEqualTo(hot.publicKey());
    assertThat(c.state.validatorOfConsensusKey(hot.publicKey())).isEqualTo(op);
    // the operator's own key signs nothing for the validator
    assertThat(c.state.validatorOfConsensusKey(operator.publicKey())).isNull();
    assertThat(c.state.validatorOfConsensusKey(v1.publicKey())).isEqualTo(Address.of(v1));

    // nobody else may take the key: another account, the hot key's own account, a validator's key
    assertThat(c.run(other, create(hot))).isEqualTo(Outcome.CONSENSUS_KEY_IN_USE);
    assertThat(c.run(hot, create(hot))).isEqualTo(Outcome.CONSENSUS_KEY_IN_USE);
    assertThat(c.run(other, create(v1))).isEqualTo(Outcome.CONSENSUS_KEY_IN_USE);
    assertThat(c.state.validator(Address.of(other))).isNull();

    c.advanceTo(PARAMS.epochLength() + 1);
    assertThat(c.state.validatorSet().member(op)).isNotNull();
    assertThat(c.state.validatorSet().member(op).consensusKey()).isEqualTo(hot.publicKey());

    // a task whose committee holds the validator: the hot key's vote is the validator's
    assertThat(c.run(publisher, new Payload.RegisterDataset(data, "CC0-1.0", 0)))
        .isEqualTo(Outcome.OK);
    SignedTransaction pub =
        c.tx(
            publisher,
            Payload.PublishTask.builder()
                .datasetId(data)
                .specHash(Hash.ZERO)
                .totalSteps(1_000)
                .checkpointInterval(100)
                .flopsPerStep(7)
                .reward(50_000)
                .deadline(c.state.height() + 4)
                .minMinerBond(500)
                .sampleSize(2)
                .build());
    c.block(pub);
    assertThat(c.last.allAccepted()).isTrue();
    Hash task = Tasks.taskId(Address.of(publisher), pub.body().nonce());
    assertThat(c.run(miner, new Payload.EnrollTask(task, 1_000))).isEqualTo(Outcome.OK);
    assertThat(c.run(miner, new Payload.CommitProof(task, Hash.ZERO, Hash.ZERO, 900)))
        .isEqualTo(Outcome.OK);
    c.block(); // the committee is drawn from the next block's beacon
    Enrollment e = c.state.enrollment(task, Address.of(miner));
    assertThat(e.seat(op)).as("committee %s", e.committee()).isNotNull();
    assertThat(c.run(hot, new Payload.VerificationVote(task, Address.of(miner), true)))
        .isEqualTo(Outcome.OK);
    e = c.state.enrollment(task, Address.of(miner));
    assertThat(e.hasVoted(op)).isTrue();
    assertThat(e.hasVoted(Address.of(hot))).isFalse();
    // the operator's account speaks for the same validator: one vote each
    assertThat(c.run(operator, new Payload.VerificationVote(task, Address.of(miner), true)))
        .isEqualTo(Outcome.ALREADY_VOTED);

    // equivocation by the hot key slashes the validator it signs for; the same votes signed by
    // the operator's account key (which signs no consensus message) are no evidence
    long h = c.state.height();
    ConsensusVote a = RandomLedger.vote(operator, h, Hash.sha256(new byte[] {1}));
    ConsensusVote b = RandomLedger.vote(operator, h, Hash.sha256(new byte[] {2}));
    assertThat(c.run(other, new Payload.DoubleSignEvidence(a, b)))
        .isEqualTo(Outcome.UNKNOWN_VALIDATOR);
    assertThat(c.state.validator(op).tombstoned()).isFalse();
    ConsensusVote x = RandomLedger.vote(hot, h, Hash.sha256(new byte[] {1}));
    ConsensusVote y = RandomLedger.vote(hot, h, Hash.sha256(new byte[] {2}));
    assertThat(c.run(other, new Payload.DoubleSignEvidence(x, y))).isEqualTo(Outcome.OK);
    assertThat(c.state.validator(op).tombstoned()).isTrue();
    assertThat(c.state.validator(op).tokens()).isLessThan(10_000);
  }
}

package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The attack: a committee accepts a contribution whose transcript is wrong (or rejects a right one)
 * and the round's model is built on its word. Votes on contributions followed the competitive
 * rules, but nothing could refute them: an accepting majority put a cheat's update into {@code
 * G_{r+1}} and paid it, a rejecting one robbed an honest miner of its bond. A fraud proof against
 * the contribution, judged by re-execution until the round's close, now convicts the cheat (its
 * bond forfeited, a bounty to the prover, left out of the round) and slashes the voters whose
 * sample held the segment; one for an honest contribution refutes the rejects that named the
 * segment and slashes them.
 */
@Tag("attack")
class ContributionFraudProofAttackTest {
  private final CollabTasksTest f = new CollabTasksTest();
  private final KeyPair prover = TestChain.key("provider");

  /** Commits every miner's contribution to round 0 and casts the validator's votes. */
  private Hash commitAndVote(TestChain c, KeyPair rejected) {
    Hash id = f.publishAndEnroll(c);
    CollabRound r = c.state.collabRound(id, 0);
    c.advanceTo(r.openHeight() - 1);
    List<SignedTransaction> txs = new ArrayList<>();
    for (KeyPair m : f.miners) {
      txs.add(
          c.tx(
              m,
              new Payload.CommitContribution(id, 0, Hash.ZERO, CollabTasksTest.update(0, m), 900)));
    }
    c.block(txs.toArray(SignedTransaction[]::new));
    txs.clear();
    for (KeyPair m : f.miners) {
      boolean accept = !m.equals(rejected);
      txs.add(
          c.tx(
              f.v1,
              new Payload.ContributionVote(
                  id, 0, Address.of(m), accept, accept ? Payload.VerificationVote.NO_SEGMENT : 1)));
    }
    c.block(txs.toArray(SignedTransaction[]::new));
    assertThat(c.last.allAccepted()).isTrue();
    return id;
  }

  private Payload.ContributionFraudProof proof(Hash id, KeyPair miner, int segment) {
    return new Payload.ContributionFraudProof(
        id, 0, Address.of(miner), segment, Bytes.wrap(new byte[] {'{', '}'}));
  }

  private long power(TestChain c) {
    return c.state.validator(Address.of(f.v1)).tokens();
  }

  @Test
  void aCheatAcceptedByItsCommitteeIsConvictedAndLeftOutOfTheRound() throws Exception {
    TestChain c = f.chain();
    KeyPair cheat = f.miners.get(1);
    Hash id = commitAndVote(c, null);
    assertThat(c.state.collabRound(id, 0).contribution(Address.of(cheat)).status())
        .isEqualTo(Enrollment.Status.ACCEPTED);
    long bond = c.state.enrollment(id, Address.of(cheat)).bond();
    long proverBefore = c.balance(prover);
    long stake = power(c);

    // evidence the checker does not confirm changes nothing
    LedgerState before = c.state;
    assertThat(c.run(prover, proof(id, cheat, Payload.VerificationVote.FINAL)))
        .isEqualTo(Outcome.INVALID_FRAUD_PROOF);
    assertThat(c.state.collabRound(id, 0)).isEqualTo(before.collabRound(id, 0));

    // the first segment is in every verifier's check: the accepting voter vouched for it
    f.checker.fraud.put(Address.of(cheat), FraudProofChecker.Verdict.TRANSCRIPT_INVALID);
    assertThat(c.run(prover, proof(id, cheat, 0))).isEqualTo(Outcome.OK);
    long bounty = bond * c.state.params().fraudBountyBps() / 10_000;
    assertThat(c.balance(prover) - proverBefore).isEqualTo(bounty - TestChain.FEE);
    Enrollment e = c.state.enrollment(id, Address.of(cheat));
    assertThat(e.status()).isEqualTo(Enrollment.Status.FRAUDULENT);
    assertThat(e.bond()).isZero();
    assertThat(power(c)).as("the validator that accepted it is slashed").isLessThan(stake);
    // convicted once
    assertThat(c.run(prover, proof(id, cheat, Payload.VerificationVote.FINAL)))
        .isEqualTo(Outcome.NOTHING_TO_PROVE);

    // the round merges the honest updates alone and pays them alone
    c.advanceTo(c.state.collabRound(id, 0).closeHeight());
    CollabRound r = c.state.collabRound(id, 0);
    assertThat(r.accepted())
        .containsExactlyInAnyOrder(Address.of(f.miners.get(0)), Address.of(f.miners.get(2)));
    assertThat(f.close(c, id, 0)).isEqualTo(Outcome.OK);
    // after the close, the round's verdicts are final
    f.checker.fraud.put(Address.of(f.miners.get(0)), FraudProofChecker.Verdict.TRANSCRIPT_INVALID);
    assertThat(c.run(prover, proof(id, f.miners.get(0), Payload.VerificationVote.FINAL)))
        .isEqualTo(Outcome.WRONG_ROUND);
  }

  @Test
  void anHonestMinerRejectedByItsCommitteeIsVindicatedAndTheRejectersSlashed() throws Exception {
    TestChain c = f.chain();
    KeyPair honest = f.miners.get(2);
    Hash id = commitAndVote(c, honest);
    assertThat(c.state.collabRound(id, 0).contribution(Address.of(honest)).status())
        .isEqualTo(Enrollment.Status.REJECTED);
    long stake = power(c);
    f.checker.fraud.put(Address.of(honest), FraudProofChecker.Verdict.TRANSCRIPT_VALID);
    // a segment no reject named refutes nothing
    assertThat(c.run(prover, proof(id, honest, 0))).isEqualTo(Outcome.NOTHING_TO_PROVE);
    assertThat(c.run(prover, proof(id, honest, 1))).isEqualTo(Outcome.OK);
    assertThat(power(c)).as("the rejecting validator is slashed").isLessThan(stake);
    CollabRound.Contribution k = c.state.collabRound(id, 0).contribution(Address.of(honest));
    assertThat(k.votes()).allSatisfy(v -> assertThat(v.refuted()).isTrue());
    // its only vote refuted, the contribution is undecided: left out, but its bond is safe
    assertThat(k.status()).isEqualTo(Enrollment.Status.COMMITTED);
    long bond = c.state.enrollment(id, Address.of(honest)).bond();
    c.advanceTo(c.state.collabRound(id, 0).closeHeight());
    Enrollment e = c.state.enrollment(id, Address.of(honest));
    assertThat(e.status()).isEqualTo(Enrollment.Status.ENROLLED);
    assertThat(e.bond()).isEqualTo(bond);
  }

  @Test
  void aProofThatCannotBeJudgedYetFailsTheBlockRetryably() {
    TestChain c = f.chain();
    KeyPair cheat = f.miners.get(0);
    Hash id = commitAndVote(c, null);
    f.checker.unavailable = true;
    Block b =
        c.next(c.allSigners(), c.tx(prover, proof(id, cheat, Payload.VerificationVote.FINAL)));
    try {
      c.machine.apply(c.state, b);
      throw new AssertionError("the block applied without its inputs");
    } catch (InvalidBlockException e) {
      assertThat(e.retryable()).isTrue();
    }
  }
}

package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.ConsensusVote;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.ProposalAction;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.VoteOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Economics against numbers computed by hand (every transaction pays a fee of 1). */
class EconomicsTest {
  private static final Params BASE =
      Params.DEFAULT
          .with("blockReward", 1_000)
          .with("minerShareBps", 0)
          .with("treasuryShareBps", 0)
          .with("epochLength", 1_000)
          .with("minSelfBond", 1);

  private final KeyPair v1 = TestChain.key("v1");
  private final KeyPair v2 = TestChain.key("v2");
  private final KeyPair v3 = TestChain.key("v3");
  private final KeyPair d = TestChain.key("delegator");

  private static Map<KeyPair, Long> balances(Object... kv) {
    Map<KeyPair, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((KeyPair) kv[i], ((Number) kv[i + 1]).longValue());
    }
    return m;
  }

  @Test
  void delegatorIncomeAndCommissionOverManyBlocks() {
    // one validator, self-bond 3000, commission 10%; a delegator bonds 1000 in block 1
    TestChain c =
        new TestChain(
            TestChain.genesis(BASE, balances(d, 10_000, v1, 100), List.of(v1), 3_000, 1_000),
            List.of(v1),
            FraudProofChecker.NONE);
    assertThat(c.run(d, new Payload.Delegate(Address.of(v1), 1_000))).isEqualTo(Outcome.OK);
    c.advanceTo(10);
    // block 1: 1000 minted + 1 fee = 1001; commission 100; 901 over 4000 shares
    // blocks 2..10: 1000 each; commission 100; 900 over 4000 shares
    // delegator: 1000 * (901 + 9 * 900) / 4000 = 2250.25 -> 2250
    Validator v = c.state.validator(Address.of(v1));
    assertThat(c.state.delegation(Address.of(d), Address.of(v1)).pendingReward(v)).isEqualTo(2_250);
    assertThat(v.commissionPool()).isEqualTo(100 + 9 * 100);

    assertThat(c.run(d, new Payload.WithdrawRewards(Address.of(v1)))).isEqualTo(Outcome.OK);
    assertThat(c.balance(d)).isEqualTo(10_000 - 1_000 - 1 - 1 + 2_250);

    // block 11 adds 1001 (commission 100, 901 to delegators); the operator withdraws in block 12:
    // self-bond 3000 * (901 + 9 * 900 + 901) / 4000 = 7426.5 -> 7426, commission 1100
    assertThat(c.run(v1, new Payload.WithdrawRewards(Address.of(v1)))).isEqualTo(Outcome.OK);
    assertThat(c.balance(v1)).isEqualTo(100 - 1 + 7_426 + 1_100);
    // block 12's own commission arrives after the withdrawal
    assertThat(c.state.validator(Address.of(v1)).commissionPool()).isEqualTo(100);
  }

  @Test
  void doubleSignSlashReachesDelegationsAndUnbondingEntriesAfterTheInfraction() {
    KeyPair reporter = TestChain.key("reporter");
    Params p = BASE.with("doubleSignSlashBps", 500).with("unbondingPeriod", 100);
    TestChain c =
        new TestChain(
            TestChain.genesis(p, balances(d, 10_000, reporter, 10), List.of(v1, v2), 10_000, 0),
            List.of(v1, v2),
            FraudProofChecker.NONE);
    assertThat(c.run(d, new Payload.Delegate(Address.of(v1), 4_000))).isEqualTo(Outcome.OK);
    assertThat(c.run(d, new Payload.Undelegate(Address.of(v1), 1_000))).isEqualTo(Outcome.OK); // h2
    assertThat(c.run(d, new Payload.Undelegate(Address.of(v1), 2_000))).isEqualTo(Outcome.OK); // h3
    long treasury = c.state.globals().treasury();

    ConsensusVote a = RandomLedger.vote(v1, 3, Hash.sha256(new byte[] {1}));
    ConsensusVote b = RandomLedger.vote(v1, 3, Hash.sha256(new byte[] {2}));
    assertThat(c.run(reporter, new Payload.DoubleSignEvidence(a, b))).isEqualTo(Outcome.OK);

    // power at h3 is the genesis set's 10000 (the set changes only at epoch ends): 5% = 500;
    // the entry made at h3 (>= infraction h3) answers for 2000 * 5% = 100 of it, the bonded
    // 10000 + 4000 - 3000 = 11000 for the other 400; the entry at h2 predates the infraction
    Validator v = c.state.validator(Address.of(v1));
    assertThat(v.tokens()).isEqualTo(10_600);
    assertThat(v.tombstoned()).isTrue();
    assertThat(c.state.validatorSet().member(Address.of(v1))).isNull();
    assertThat(c.state.globals().treasury() - treasury).isEqualTo(400 + 100);
    long[] entries = new long[2];
    c.state.forEach(
        (k, val) -> {
          if (val instanceof Unbonding u) {
            entries[u.creationHeight() == 2 ? 0 : 1] = u.balance();
          }
        });
    assertThat(entries).containsExactly(1_000, 1_900);
    // the remaining 1000 shares are worth 1000 * 10600 / 11000 = 963.6 -> 963
    assertThat(v.tokensOf(c.state.delegation(Address.of(d), Address.of(v1)).shares()))
        .isEqualTo(963);
    // the same evidence again is refused
    assertThat(c.run(reporter, new Payload.DoubleSignEvidence(a, b)))
        .isEqualTo(Outcome.DUPLICATE_EVIDENCE);

    long before = c.balance(d);
    c.advanceTo(103); // the h3 entry matures at 3 + 100; the h2 entry at 102
    assertThat(c.balance(d) - before).isEqualTo(1_000 + 1_900);
  }

  @Test
  void redelegatingAfterAnInfractionDoesNotEscapeTheSlash() {
    KeyPair reporter = TestChain.key("reporter");
    Params p = BASE.with("doubleSignSlashBps", 500).with("unbondingPeriod", 100);
    TestChain c =
        new TestChain(
            TestChain.genesis(p, balances(d, 10_000, reporter, 10), List.of(v1, v2, v3), 10_000, 0),
            List.of(v1, v2, v3),
            FraudProofChecker.NONE);
    assertThat(c.run(d, new Payload.Delegate(Address.of(v1), 4_000))).isEqualTo(Outcome.OK); // h1
    assertThat(c.run(d, new Payload.Redelegate(Address.of(v1), Address.of(v2), 1_000)))
        .isEqualTo(Outcome.OK); // h2: made before the infraction, not slashed
    assertThat(c.run(d, new Payload.Redelegate(Address.of(v1), Address.of(v2), 2_000)))
        .isEqualTo(Outcome.OK); // h3
    ConsensusVote a = RandomLedger.vote(v1, 3, Hash.sha256(new byte[] {1}));
    ConsensusVote b = RandomLedger.vote(v1, 3, Hash.sha256(new byte[] {2}));
    long treasury = c.state.globals().treasury();
    assertThat(c.run(reporter, new Payload.DoubleSignEvidence(a, b))).isEqualTo(Outcome.OK);
    // power at h3 10000, 5% = 500: the h3 redelegation answers for 2000 * 5% = 100, taken at
    // v2; v1's bonded tokens for the other 400
    assertThat(c.state.validator(Address.of(v1)).tokens()).isEqualTo(10_600);
    assertThat(c.state.validator(Address.of(v2)).tokens()).isEqualTo(10_000 + 3_000 - 100);
    Validator v2now = c.state.validator(Address.of(v2));
    assertThat(v2now.tokensOf(c.state.delegation(Address.of(d), Address.of(v2)).shares()))
        .isEqualTo(2_900);
    // plus 1 of rounding dust: the block's 1001 split 12900 : 10000 gives 563 + 437
    assertThat(c.state.globals().treasury() - treasury).isEqualTo(500 + 1);
  }

  @Test
  void governanceParameterChangeTakesEffectWithDelegatorOverride() {
    Params p = BASE.with("votingPeriod", 5).with("minDeposit", 100);
    TestChain c =
        new TestChain(
            TestChain.genesis(p, balances(d, 10_000, v1, 10, v2, 10), List.of(v1, v2), 5_000, 0),
            List.of(v1, v2),
            FraudProofChecker.NONE);
    // v1 gets 1000 more self-bond so that: v1 6000, v2 4000 + the delegator's 2000
    assertThat(c.run(d, new Payload.Transfer(Address.of(v1), 1_000))).isEqualTo(Outcome.OK);
    assertThat(c.run(v1, new Payload.Bond(1_000))).isEqualTo(Outcome.OK);
    assertThat(c.run(v2, new Payload.Unbond(1_000))).isEqualTo(Outcome.OK);
    assertThat(c.run(d, new Payload.Delegate(Address.of(v2), 2_000))).isEqualTo(Outcome.OK); // h4
    assertThat(
            c.run(
                d,
                new Payload.SubmitProposal(
                    "treasury share",
                    new ProposalAction.ParamChange("treasuryShareBps", 5_000),
                    100)))
        .isEqualTo(Outcome.OK); // h5, voting until h10
    long id = c.state.globals().nextId() - 1;
    assertThat(c.state.proposal(id).status()).isEqualTo(GovernanceProposal.Status.VOTING);
    c.block(
        c.tx(v1, new Payload.Vote(id, VoteOption.YES)),
        c.tx(v2, new Payload.Vote(id, VoteOption.NO)),
        c.tx(d, new Payload.Vote(id, VoteOption.YES)));
    assertThat(c.last.allAccepted()).isTrue();
    long depositorBalance = c.balance(d);
    c.advanceTo(10);
    // v1 yes 6000; the delegator's 2000 at v2 count yes; v2 inherits the rest: no 6000 - 2000
    GovernanceProposal closed = c.state.proposal(id);
    assertThat(closed.tally()).containsExactly(8_000L, 4_000L, 0L, 0L);
    assertThat(closed.status()).isEqualTo(GovernanceProposal.Status.PASSED);
    assertThat(c.state.params().treasuryShareBps()).isEqualTo(5_000);
    assertThat(c.balance(d)).isEqualTo(depositorBalance + 100);
    long treasury = c.state.globals().treasury();
    c.block();
    assertThat(c.state.globals().treasury() - treasury).isEqualTo(1_000 / 2);
  }

  @Test
  void downtimeSlashesJailsAndUnjailRestoresAtTheNextEpoch() {
    Params p =
        BASE.with("maxMissedBlocks", 2)
            .with("downtimeSlashBps", 100)
            .with("downtimeJailBlocks", 5)
            .with("epochLength", 10);
    TestChain c =
        new TestChain(
            TestChain.genesis(p, balances(v1, 10, v2, 10), List.of(v1, v2), 10_000, 0),
            List.of(v1, v2),
            FraudProofChecker.NONE);
    c.block(); // h1: no previous commit to check
    List<network.pot.chain.crypto.Address> onlyV1 = List.of(Address.of(v1));
    c.block(onlyV1); // h2: v2 missed 1
    c.block(onlyV1); // h3: missed 2
    assertThat(c.state.validator(Address.of(v2)).jailed()).isFalse();
    c.block(onlyV1); // h4: missed 3 > 2: 1% of 10,000 slashed, jailed until 4 + 5
    Validator v = c.state.validator(Address.of(v2));
    assertThat(v.tokens()).isEqualTo(9_900);
    assertThat(v.jailed()).isTrue();
    assertThat(v.jailedUntil()).isEqualTo(9);
    assertThat(c.state.validatorSet().member(Address.of(v2))).isNull();
    assertThat(c.run(v2, new Payload.Unjail())).isEqualTo(Outcome.STILL_JAILED); // h5
    c.advanceTo(8);
    assertThat(c.run(v2, new Payload.Unjail())).isEqualTo(Outcome.OK); // h9
    assertThat(c.state.validatorSet().member(Address.of(v2))).isNull();
    c.advanceTo(10); // epoch boundary: back in the set with its slashed power
    assertThat(c.state.validatorSet().member(Address.of(v2)).power()).isEqualTo(9_900);
  }

  @Test
  void treasurySpendPaysOutWhenPassed() {
    Params p =
        BASE.with("votingPeriod", 2).with("minDeposit", 100).with("treasuryShareBps", 10_000);
    KeyPair grantee = TestChain.key("grantee");
    TestChain c =
        new TestChain(
            TestChain.genesis(p, balances(d, 1_000, v1, 10), List.of(v1), 5_000, 0),
            List.of(v1),
            FraudProofChecker.NONE);
    // every block's 1000 (+ fees) goes to the treasury
    c.run(
        d,
        new Payload.SubmitProposal(
            "grant", new ProposalAction.TreasurySpend(Address.of(grantee), 1_500), 100)); // h1
    long id = c.state.globals().nextId() - 1;
    assertThat(c.run(v1, new Payload.Vote(id, VoteOption.YES))).isEqualTo(Outcome.OK); // h2
    c.advanceTo(3);
    assertThat(c.state.proposal(id).status()).isEqualTo(GovernanceProposal.Status.PASSED);
    assertThat(c.balance(grantee)).isEqualTo(1_500);
    // treasury: 1001 + 1001 + 1000 minted into it, 1500 paid out
    assertThat(c.state.globals().treasury()).isEqualTo(1_001 + 1_001 + 1_000 - 1_500);
  }

  @Test
  void governanceWithoutTheDelegatorsVoteFailsTheThreshold() {
    Params p = BASE.with("votingPeriod", 3).with("minDeposit", 100);
    TestChain c =
        new TestChain(
            TestChain.genesis(p, balances(d, 10_000, v1, 10, v2, 10), List.of(v1, v2), 5_000, 0),
            List.of(v1, v2),
            FraudProofChecker.NONE);
    c.run(d, new Payload.SubmitProposal("t", new ProposalAction.ParamChange("minFee", 2), 100));
    long id = c.state.globals().nextId() - 1;
    c.block(
        c.tx(v1, new Payload.Vote(id, VoteOption.YES)),
        c.tx(v2, new Payload.Vote(id, VoteOption.NO)));
    c.advanceTo(4);
    // 5000 yes vs 5000 no: 50% is not above the 50% threshold
    assertThat(c.state.proposal(id).status()).isEqualTo(GovernanceProposal.Status.REJECTED);
    assertThat(c.state.params().minFee()).isEqualTo(BASE.minFee());
  }

  private TestChain taskChain(FraudProofChecker checker, KeyPair... funded) {
    Params p =
        BASE.with("protocolFeeBps", 200)
            .with("verificationWindow", 4)
            .with("wrongVoteSlashBps", 1_000)
            .with("fraudBountyBps", 5_000);
    Map<KeyPair, Long> b = new LinkedHashMap<>();
    for (KeyPair k : funded) {
      b.put(k, 200_000L);
    }
    for (KeyPair v : List.of(v1, v2, v3)) {
      b.put(v, 100L);
    }
    return new TestChain(
        TestChain.genesis(p, b, List.of(v1, v2, v3), 10_000, 0), List.of(v1, v2, v3), checker);
  }

  private final KeyPair provider = TestChain.key("provider");
  private final KeyPair publisher = TestChain.key("publisher");
  private final KeyPair m1 = TestChain.key("m1");
  private final KeyPair m2 = TestChain.key("m2");
  private final Hash data = Hash.sha256(new byte[] {42});

  /** Publishes a task on {@link #data}: 1,000 steps of 7 flops (7,000 work units), deadline 10. */
  private Hash publishTask(TestChain c, KeyPair from, long reward) {
    SignedTransaction pub =
        c.tx(
            from,
            Payload.PublishTask.builder()
                .datasetId(data)
                .specHash(Hash.ZERO)
                .totalSteps(1_000)
                .checkpointInterval(100)
                .flopsPerStep(7)
                .reward(reward)
                .deadline(10)
                .minMinerBond(500)
                .sampleSize(2)
                .build());
    c.block(pub);
    assertThat(c.last.allAccepted()).isTrue();
    return Tasks.taskId(Address.of(from), pub.body().nonce());
  }

  /**
   * Registers a dataset (fee 300), publishes a 100,000 task with deadline 10, enrolls two miners.
   */
  private Hash publishAndEnroll(TestChain c) {
    assertThat(c.run(provider, new Payload.RegisterDataset(data, "CC-BY-4.0", 300)))
        .isEqualTo(Outcome.OK);
    Hash task = publishTask(c, publisher, 100_000);
    c.block(
        c.tx(m1, new Payload.EnrollTask(task, 1_000)),
        c.tx(m2, new Payload.EnrollTask(task, 1_000)));
    c.block(
        c.tx(m1, new Payload.CommitProof(task, Hash.ZERO, Hash.ZERO, 900)),
        c.tx(m2, new Payload.CommitProof(task, Hash.ZERO, Hash.ZERO, 950)));
    assertThat(c.last.allAccepted()).isTrue();
    return task;
  }

  @Test
  void taskPayoutGoesToTheBestVerifiedModelLessFees() {
    TestChain c = taskChain(FraudProofChecker.NONE, provider, publisher, m1, m2);
    Hash task = publishAndEnroll(c);
    c.block(
        c.tx(v1, new Payload.VerificationVote(task, Address.of(m1), true)),
        c.tx(v2, new Payload.VerificationVote(task, Address.of(m1), true)),
        c.tx(v3, new Payload.VerificationVote(task, Address.of(m1), true)),
        c.tx(v1, new Payload.VerificationVote(task, Address.of(m2), false)),
        c.tx(v2, new Payload.VerificationVote(task, Address.of(m2), false)));
    // two of three equal validators reach 2/3: the third vote finds the verdict already in
    assertThat(c.last.outcomes())
        .containsExactly(Outcome.OK, Outcome.OK, Outcome.NOT_PENDING, Outcome.OK, Outcome.OK);
    assertThat(c.state.enrollment(task, Address.of(m1)).status())
        .isEqualTo(Enrollment.Status.ACCEPTED);
    assertThat(c.state.enrollment(task, Address.of(m2)).status())
        .isEqualTo(Enrollment.Status.REJECTED);
    long m1Before = c.balance(m1);
    long m2Before = c.balance(m2);
    long providerBefore = c.balance(provider);
    c.advanceTo(14); // deadline 10 + window 4
    Task t = c.state.task(task);
    assertThat(t.settled()).isTrue();
    assertThat(t.winner()).isEqualTo(Address.of(m1));
    // 100,000 - 300 data fee - 2% protocol fee (2,000) = 97,700, plus the bond back
    assertThat(c.balance(m1) - m1Before).isEqualTo(97_700 + 1_000);
    assertThat(c.balance(m2) - m2Before).isZero(); // rejected: bond forfeited
    assertThat(c.balance(provider) - providerBefore).isEqualTo(300);
    // m1's work, backed by the task's protocol fee (m2 was rejected)
    assertThat(c.state.globals().epochWork())
        .containsExactly(new Globals.Work(Address.of(m1), 1_000 * 7, 2_000));
  }

  /** Votes of v1 and v2 (two thirds) accepting each (task, miner) pair, in order. */
  private SignedTransaction[] accepts(TestChain c, Object... taskMinerPairs) {
    List<SignedTransaction> l = new java.util.ArrayList<>();
    for (int i = 0; i < taskMinerPairs.length; i += 2) {
      for (KeyPair v : List.of(v1, v2)) {
        Address miner = Address.of((KeyPair) taskMinerPairs[i + 1]);
        l.add(c.tx(v, new Payload.VerificationVote((Hash) taskMinerPairs[i], miner, true)));
      }
    }
    return l.toArray(SignedTransaction[]::new);
  }

  @Test
  void minersShareTheMinerPoolByWorkEachUpToTheProtocolFeesOfItsTasks() {
    KeyPair publisher2 = TestChain.key("publisher2");
    TestChain c = taskChain(FraudProofChecker.NONE, provider, publisher, publisher2, m1, m2);
    c.state =
        c.state.with(
            Map.of(
                StateKey.PARAMS,
                c.state.params().with("minerShareBps", 3_000).with("epochLength", 20)));
    assertThat(c.run(provider, new Payload.RegisterDataset(data, "CC-BY-4.0", 300)))
        .isEqualTo(Outcome.OK); // h1
    Hash a = publishTask(c, publisher, 100_000); // h2: protocol fee 2% = 2,000
    Hash b = publishTask(c, publisher2, 190_000); // h3: protocol fee 3,800
    c.block(c.tx(m1, new Payload.EnrollTask(a, 1_000)), c.tx(m2, new Payload.EnrollTask(b, 1_000)));
    c.block(
        c.tx(m1, new Payload.CommitProof(a, Hash.ZERO, Hash.ZERO, 900)),
        c.tx(m2, new Payload.CommitProof(b, Hash.ZERO, Hash.ZERO, 900)));
    c.block(accepts(c, a, m1, b, m2)); // h6: both verified
    assertThat(c.state.globals().epochWork())
        .containsExactlyInAnyOrder(
            new Globals.Work(Address.of(m1), 7_000, 2_000),
            new Globals.Work(Address.of(m2), 7_000, 3_800));
    c.advanceTo(19);
    long pool = c.state.globals().minerPool();
    long m1Before = c.balance(m1);
    long m2Before = c.balance(m2);
    c.block(); // h20 mints 1000, 30% = 300 more, then pays the epoch out by work (equal here)
    long each = (pool + 300) / 2;
    assertThat(each).isBetween(2_000L, 3_800L);
    assertThat(c.balance(m1) - m1Before).as("capped by its backing").isEqualTo(2_000);
    assertThat(c.balance(m2) - m2Before).as("its share by work").isEqualTo(each);
    assertThat(c.state.globals().minerPool()).isEqualTo(pool + 300 - 2_000 - each);
    assertThat(c.state.globals().epochWork()).isEmpty();
    long left = c.state.globals().minerPool();
    c.advanceTo(40); // an epoch with no verified work keeps the pool for the next one
    assertThat(c.state.globals().minerPool()).isEqualTo(left + 20 * 300);
  }

  @Test
  void aTaskBacksEmissionOnceHoweverManyOfItsMinersAreAccepted() {
    TestChain c = taskChain(FraudProofChecker.NONE, provider, publisher, m1, m2);
    Hash task = publishAndEnroll(c);
    c.block(accepts(c, task, m2, task, m1));
    // m2 was accepted first and holds the task's 2,000; m1's work counts for the split only
    assertThat(c.state.globals().epochWork())
        .containsExactlyInAnyOrder(
            new Globals.Work(Address.of(m1), 7_000, 0),
            new Globals.Work(Address.of(m2), 7_000, 2_000));
  }

  @Test
  void aOneSeatCommitteeDecidesAloneAndOthersCannotVote() {
    TestChain c = taskChain(FraudProofChecker.NONE, provider, publisher, m1, m2);
    c.state = c.state.with(Map.of(StateKey.PARAMS, c.state.params().with("committeeSize", 1)));
    Hash task = publishAndEnroll(c);
    assertThat(c.state.enrollment(task, Address.of(m1)).committee())
        .as("no committee in the commit's own block")
        .isEmpty();
    c.block();
    List<Enrollment.Seat> seats = c.state.enrollment(task, Address.of(m1)).committee();
    assertThat(seats).hasSize(1);
    KeyPair member =
        List.of(v1, v2, v3).stream()
            .filter(v -> Address.of(v).equals(seats.get(0).validator()))
            .findFirst()
            .orElseThrow();
    KeyPair outsider = member.equals(v1) ? v2 : v1;
    c.block(
        c.tx(outsider, new Payload.VerificationVote(task, Address.of(m1), false)),
        c.tx(member, new Payload.VerificationVote(task, Address.of(m1), true)));
    assertThat(c.last.outcomes()).containsExactly(Outcome.NOT_A_VERIFIER, Outcome.OK);
    assertThat(c.state.enrollment(task, Address.of(m1)).status())
        .isEqualTo(Enrollment.Status.ACCEPTED);
  }

  @Test
  void fraudProofSlashesTheCheatingMinerAndTheValidatorsWhoAcceptedIt() {
    KeyPair watcher = TestChain.key("watcher");
    FraudProofChecker checker =
        (task, e, proof) ->
            proof.evidence().equals(Bytes.fromHex("bad0"))
                ? FraudProofChecker.Verdict.TRANSCRIPT_INVALID
                : FraudProofChecker.Verdict.NOT_A_PROOF;
    TestChain c = taskChain(checker, provider, publisher, m1, m2, watcher);
    Hash task = publishAndEnroll(c);
    c.block(
        c.tx(v1, new Payload.VerificationVote(task, Address.of(m1), true)),
        c.tx(v2, new Payload.VerificationVote(task, Address.of(m1), true)));
    assertThat(c.run(watcher, new Payload.FraudProof(task, Address.of(m1), 0, Bytes.fromHex("00"))))
        .isEqualTo(Outcome.INVALID_FRAUD_PROOF);
    long watcherBefore = c.balance(watcher);
    // segment 0 is in every verifier's sample: both accepters vouched for it
    assertThat(
            c.run(watcher, new Payload.FraudProof(task, Address.of(m1), 0, Bytes.fromHex("bad0"))))
        .isEqualTo(Outcome.OK);
    assertThat(c.balance(watcher) - watcherBefore).isEqualTo(500 - 1); // half the bond, less fee
    assertThat(c.state.enrollment(task, Address.of(m1)).status())
        .isEqualTo(Enrollment.Status.FRAUDULENT);
    // the two validators that accepted lose 10% of 10,000; the third is untouched
    assertThat(c.state.validator(Address.of(v1)).tokens()).isEqualTo(9_000);
    assertThat(c.state.validator(Address.of(v2)).tokens()).isEqualTo(9_000);
    assertThat(c.state.validator(Address.of(v3)).tokens()).isEqualTo(10_000);
    assertThat(c.state.globals().epochWork()).isEmpty();
    long publisherBefore = c.balance(publisher);
    c.advanceTo(14);
    // no verified model remains: the escrow goes back to the publisher
    assertThat(c.state.task(task).winner()).isNull();
    assertThat(c.balance(publisher) - publisherBefore).isEqualTo(100_000);
  }

  @Test
  void aFraudProofThatCannotBeCheckedYetFailsTheBlockUntilItsInputsArrive() throws Exception {
    KeyPair watcher = TestChain.key("watcher");
    boolean[] available = {false};
    FraudProofChecker checker =
        (task, e, proof) -> {
          if (!available[0]) {
            throw new FraudProofChecker.Unavailable("no checkpoint yet");
          }
          return FraudProofChecker.Verdict.TRANSCRIPT_INVALID;
        };
    TestChain c = taskChain(checker, provider, publisher, m1, m2, watcher);
    Hash task = publishAndEnroll(c);
    Block b =
        c.next(
            c.allSigners(),
            c.tx(watcher, new Payload.FraudProof(task, Address.of(m1), 0, Bytes.fromHex("01"))));
    LedgerState before = c.state;
    assertThatThrownBy(() -> c.machine.apply(before, b))
        .isInstanceOfSatisfying(
            InvalidBlockException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(InvalidBlockException.Reason.INPUTS_UNAVAILABLE);
              assertThat(e.retryable()).isTrue();
            });
    assertThat(c.state).isSameAs(before);
    available[0] = true;
    BlockResult r = c.machine.apply(before, b);
    assertThat(r.outcomes()).containsExactly(Outcome.OK);
    assertThat(r.state().enrollment(task, Address.of(m1)).status())
        .isEqualTo(Enrollment.Status.FRAUDULENT);
    assertThat(SupplyAudit.of(r.state()).balanced()).isTrue();
  }

  @Test
  void aFraudProofOfAnHonestSegmentReinstatesARejectedMinerAndSlashesTheRejecters() {
    KeyPair watcher = TestChain.key("watcher");
    FraudProofChecker checker = (task, e, proof) -> FraudProofChecker.Verdict.TRANSCRIPT_VALID;
    TestChain c = taskChain(checker, provider, publisher, m1, m2, watcher);
    Hash task = publishAndEnroll(c);
    assertThat(c.run(watcher, new Payload.FraudProof(task, Address.of(m1), 0, Bytes.fromHex("02"))))
        .as("nothing to prove while the proof is pending")
        .isEqualTo(Outcome.NOTHING_TO_PROVE);
    c.block(
        c.tx(v1, new Payload.VerificationVote(task, Address.of(m1), false, 0)),
        c.tx(v2, new Payload.VerificationVote(task, Address.of(m1), false, 0)));
    assertThat(c.state.enrollment(task, Address.of(m1)).status())
        .isEqualTo(Enrollment.Status.REJECTED);
    // both rejects named segment 0, which the proof shows to be right: they leave the committee
    // and the verifier that remains decides
    assertThat(c.run(watcher, new Payload.FraudProof(task, Address.of(m1), 0, Bytes.fromHex("02"))))
        .isEqualTo(Outcome.OK);
    assertThat(c.state.enrollment(task, Address.of(m1)).status())
        .isEqualTo(Enrollment.Status.COMMITTED);
    c.block(c.tx(v3, new Payload.VerificationVote(task, Address.of(m1), true)));
    assertThat(c.state.enrollment(task, Address.of(m1)).status())
        .isEqualTo(Enrollment.Status.ACCEPTED);
    // the two rejecting validators lose 10% of 10,000; the one that accepted is untouched
    assertThat(c.state.validator(Address.of(v1)).tokens()).isEqualTo(9_000);
    assertThat(c.state.validator(Address.of(v2)).tokens()).isEqualTo(9_000);
    assertThat(c.state.validator(Address.of(v3)).tokens()).isEqualTo(10_000);
  }

  /**
   * Attack 1a: a cheater commits a stolen final model over a garbage transcript and is rightly
   * rejected at the segment that fails; it then proves one honest segment (segment 0). That proof
   * refutes no vote: the cheater stays rejected and no honest verifier is slashed.
   */
  @Test
  @Tag("attack")
  void provingAnHonestSegmentDoesNotReinstateACheaterRejectedAtAnother() {
    KeyPair watcher = TestChain.key("watcher");
    FraudProofChecker checker = (task, e, proof) -> FraudProofChecker.Verdict.TRANSCRIPT_VALID;
    TestChain c = taskChain(checker, provider, publisher, m1, m2, watcher);
    Hash task = publishAndEnroll(c);
    c.block(
        c.tx(v1, new Payload.VerificationVote(task, Address.of(m1), false, 5)),
        c.tx(v3, new Payload.VerificationVote(task, Address.of(m1), false, 7)));
    assertThat(c.state.enrollment(task, Address.of(m1)).status())
        .isEqualTo(Enrollment.Status.REJECTED);
    assertThat(c.run(m1, new Payload.FraudProof(task, Address.of(m1), 0, Bytes.fromHex("02"))))
        .isEqualTo(Outcome.NOTHING_TO_PROVE);
    assertThat(c.state.enrollment(task, Address.of(m1)).status())
        .isEqualTo(Enrollment.Status.REJECTED);
    for (KeyPair v : List.of(v1, v2, v3)) {
      assertThat(c.state.validator(Address.of(v)).tokens()).isEqualTo(10_000);
    }
    // a rejecter that named a segment which does check out is refuted, and only that one
    assertThat(c.run(m1, new Payload.FraudProof(task, Address.of(m1), 7, Bytes.fromHex("02"))))
        .isEqualTo(Outcome.OK);
    assertThat(c.state.validator(Address.of(v3)).tokens()).isEqualTo(9_000);
    assertThat(c.state.validator(Address.of(v1)).tokens()).isEqualTo(10_000);
    assertThat(c.state.enrollment(task, Address.of(m1)).status())
        .as("without v3, v1's reject is half of what remains: undecided, v2 may still vote")
        .isEqualTo(Enrollment.Status.COMMITTED);
    c.block(c.tx(v2, new Payload.VerificationVote(task, Address.of(m1), false, 5)));
    assertThat(c.state.enrollment(task, Address.of(m1)).status())
        .isEqualTo(Enrollment.Status.REJECTED);
  }

  /**
   * Attack 1b: a miner cheats at one segment, is accepted, and proves its own fraud to have every
   * verifier that accepted it slashed. Only a verifier whose own sample held that segment vouched
   * for it; the others are not slashed.
   */
  @Test
  @Tag("attack")
  void aFraudProofSlashesOnlyTheAcceptersWhoseSampleHeldTheSegment() {
    FraudProofChecker checker = (task, e, proof) -> FraudProofChecker.Verdict.TRANSCRIPT_INVALID;
    TestChain c = taskChain(checker, provider, publisher, m1, m2);
    Hash task = publishAndEnroll(c);
    c.block(
        c.tx(v1, new Payload.VerificationVote(task, Address.of(m1), true)),
        c.tx(v2, new Payload.VerificationVote(task, Address.of(m1), true)));
    Task t = c.state.task(task);
    Enrollment e = c.state.enrollment(task, Address.of(m1));
    assertThat(e.challengeSeed()).isNotEqualTo(Hash.ZERO);
    // a middle segment some verifiers sampled and some did not
    int segment = -1;
    for (int s = 1; s < 9 && segment < 0; s++) {
      if (Tasks.challengedBy(t, e, Address.of(v1)).contains(s)
          != Tasks.challengedBy(t, e, Address.of(v2)).contains(s)) {
        segment = s;
      }
    }
    assertThat(segment).as("a segment sampled by some verifiers only").isPositive();
    assertThat(
            c.run(m1, new Payload.FraudProof(task, Address.of(m1), segment, Bytes.fromHex("01"))))
        .isEqualTo(Outcome.OK);
    assertThat(c.state.validator(Address.of(v3)).tokens()).as("did not vote").isEqualTo(10_000);
    for (KeyPair v : List.of(v1, v2)) {
      boolean held = Tasks.challengedBy(t, e, Address.of(v)).contains(segment);
      assertThat(c.state.validator(Address.of(v)).tokens())
          .as("validator " + v + " sampled segment " + segment + ": " + held)
          .isEqualTo(held ? 9_000 : 10_000);
    }
  }

  @Test
  void theCommitteeIsDrawnFromTheBlockAfterTheCommitAndSeatedThere() {
    TestChain c = taskChain(FraudProofChecker.NONE, provider, publisher, m1, m2);
    c.state = c.state.with(Map.of(StateKey.PARAMS, c.state.params().with("committeeSize", 2)));
    Hash task = publishAndEnroll(c); // commits at h4
    assertThat(c.state.enrollment(task, Address.of(m1)).commitHeight()).isEqualTo(4);
    ActiveSet set = c.state.validatorSet();
    Beacon before = c.state.beacon();
    // a vote in the next block already counts: the committee is seated before its transactions
    BlockResult r = c.block(c.tx(v1, new Payload.VerificationVote(task, Address.of(m1), true)));
    // drawn from the beacon after block 5's reveal, not from anything its proposer chose
    Hash beacon5 = c.state.beacon().value();
    assertThat(beacon5).isEqualTo(before.mix(r.block().header().reveal()).value());
    for (KeyPair m : List.of(m1, m2)) {
      assertThat(c.state.enrollment(task, Address.of(m)).committee())
          .isEqualTo(Committee.draw(set, beacon5, task, Address.of(m), 2));
      assertThat(c.state.enrollment(task, Address.of(m)).challengeSeed()).isEqualTo(beacon5);
    }
    List<Enrollment.Seat> seats = c.state.enrollment(task, Address.of(m1)).committee();
    boolean v1Seated = seats.stream().anyMatch(s -> s.validator().equals(Address.of(v1)));
    assertThat(r.outcomes()).containsExactly(v1Seated ? Outcome.OK : Outcome.NOT_A_VERIFIER);
    assertThat(c.state.get(StateKey.committeeQueue(5))).isNull();
  }

  @Test
  void aSlashUsesThePowerAtTheInfractionHeightNotTheCurrentStake() {
    KeyPair reporter = TestChain.key("reporter");
    Params p =
        BASE.with("doubleSignSlashBps", 1_000)
            .with("epochLength", 5)
            .with("evidenceMaxAge", 20)
            .with("unbondingPeriod", 100);
    TestChain c =
        new TestChain(
            TestChain.genesis(p, balances(d, 50_000, reporter, 10), List.of(v1, v2), 10_000, 0),
            List.of(v1, v2),
            FraudProofChecker.NONE);
    c.advanceTo(3); // v1 double-signs at h3 with power 10000
    assertThat(c.run(d, new Payload.Delegate(Address.of(v1), 30_000))).isEqualTo(Outcome.OK); // h4
    c.advanceTo(7); // the set of h6.. gives v1 power 40000
    assertThat(c.state.validatorSet().member(Address.of(v1)).power()).isEqualTo(40_000);
    assertThat(c.run(d, new Payload.Undelegate(Address.of(v1), 5_000))).isEqualTo(Outcome.OK); // h8
    long treasury = c.state.globals().treasury();
    ConsensusVote a = RandomLedger.vote(v1, 3, Hash.sha256(new byte[] {1}));
    ConsensusVote b = RandomLedger.vote(v1, 3, Hash.sha256(new byte[] {2}));
    assertThat(c.run(reporter, new Payload.DoubleSignEvidence(a, b))).isEqualTo(Outcome.OK); // h9
    // 10% of the power at h3 (10000) = 1000, not 10% of the 35000 bonded now (3500): the h8
    // unbonding entry answers for 5000 * 10% = 500, the bonded tokens for the other 500
    assertThat(c.state.validator(Address.of(v1)).tokens()).isEqualTo(35_000 - 500);
    long[] entry = new long[1];
    c.state.forEach(
        (k, val) -> {
          if (val instanceof Unbonding u) {
            entry[0] = u.balance();
          }
        });
    assertThat(entry[0]).isEqualTo(4_500);
    assertThat(c.state.globals().treasury() - treasury).isEqualTo(1_000);
    // v2's double sign at h9 is judged at its power then, 10000: 10% = 1000
    ConsensusVote a2 = RandomLedger.vote(v2, 9, Hash.sha256(new byte[] {3}));
    ConsensusVote b2 = RandomLedger.vote(v2, 9, Hash.sha256(new byte[] {4}));
    assertThat(c.run(reporter, new Payload.DoubleSignEvidence(a2, b2))).isEqualTo(Outcome.OK);
    assertThat(c.state.validator(Address.of(v2)).tokens()).isEqualTo(9_000);
  }
}

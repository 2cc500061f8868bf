package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.base.crypto.Sha256;
import network.pot.base.econ.RoundRewards;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.TxType;
import org.junit.jupiter.api.Test;

/**
 * Collaborative tasks on the ledger: rounds, votes, the close at the deadline height, slashing of
 * missing and rejected miners, the reward split and conservation of supply ({@link TestChain}
 * audits the supply after every block). The global models come from {@link HashChecker}, a stand-in
 * that derives {@code G_{r+1}}'s hashes from {@code G_r} and the accepted update hashes: the ledger
 * only compares hashes, so which function computes them is the checker's business.
 */
class CollabTasksTest {
  static final long REWARD = 90_001;
  static final long DATA_FEE = 300;
  static final long BOND = 1_000;
  static final long PROTOCOL_BPS = 200;
  static final long WINDOW = 2;
  static final long ROUND_BLOCKS = 3;

  final KeyPair v1 = TestChain.key("v1");
  final KeyPair provider = TestChain.key("provider");
  final KeyPair publisher = TestChain.key("publisher");
  final List<KeyPair> miners =
      List.of(TestChain.key("m1"), TestChain.key("m2"), TestChain.key("m3"));
  final Hash data = Hash.sha256(new byte[] {42});
  final Hash spec = Hash.sha256(new byte[] {7});

  /** Recomputes "global models" as a hash chain over the round's accepted updates. */
  static final class HashChecker implements CollabChecker {
    boolean unavailable;

    /** The verdict on a fraud proof about each miner's contribution (none: not a proof). */
    final Map<Address, FraudProofChecker.Verdict> fraud = new java.util.HashMap<>();

    /** The fraud proofs judged. */
    int fraudChecks;

    @Override
    public FraudProofChecker.Verdict checkContribution(
        Hash taskId,
        CollabTask task,
        int roundIndex,
        CollabRound round,
        CollabRound.Contribution contribution,
        Enrollment enrollment,
        Payload.ContributionFraudProof proof)
        throws FraudProofChecker.Unavailable {
      if (unavailable) {
        throw new FraudProofChecker.Unavailable("checkpoint blobs not here");
      }
      fraudChecks++;
      return fraud.getOrDefault(proof.miner(), FraudProofChecker.Verdict.NOT_A_PROOF);
    }

    static Payload.ModelHashes genesis(Hash spec) {
      Hash h = Hash.of(Sha256.tagged("test/g0", spec.toArray()));
      return new Payload.ModelHashes(h, h, h);
    }

    @Override
    public SpecCheck checkSpec(Hash taskId, Payload.PublishCollabTask terms) {
      if (terms.specHash().equals(Hash.ZERO)) {
        return SpecCheck.MISMATCH;
      }
      return terms.genesis().equals(genesis(terms.specHash()))
          ? SpecCheck.OK
          : SpecCheck.WRONG_GENESIS;
    }

    @Override
    public Payload.ModelHashes next(Hash taskId, CollabTask task, int index, CollabRound round)
        throws FraudProofChecker.Unavailable {
      if (unavailable) {
        throw new FraudProofChecker.Unavailable("update blobs not here");
      }
      Writer w = new Writer(64).raw(round.start().blob().unsafeArray()).u32(index);
      List<Address> sorted = new ArrayList<>(round.accepted());
      sorted.sort(Address::compareTo);
      if (sorted.size() >= task.terms().quorum()) {
        for (Address a : sorted) {
          w.raw(a.unsafeArray()).raw(round.contribution(a).updateHash().unsafeArray());
        }
      }
      Hash h = Hash.sha256(w.toByteArray());
      return new Payload.ModelHashes(h, Hash.sha256(h.toArray()), Hash.sha256(w.toByteArray()));
    }
  }

  final HashChecker checker = new HashChecker();

  TestChain chain() {
    Params p =
        Params.DEFAULT
            .with("blockReward", 0)
            .with("minerShareBps", 0)
            .with("treasuryShareBps", 0)
            .with("protocolFeeBps", PROTOCOL_BPS)
            .with("verificationWindow", WINDOW)
            .with("committeeSize", 3)
            .with("epochLength", 1_000)
            .with("minSelfBond", 1);
    Map<KeyPair, Long> b = new LinkedHashMap<>();
    b.put(provider, 1_000L);
    b.put(publisher, 200_000L);
    for (KeyPair m : miners) {
      b.put(m, 10_000L);
    }
    b.put(v1, 1_000L);
    TestChain c =
        new TestChain(
            TestChain.genesis(p, b, List.of(v1), 10_000, 0), List.of(v1), FraudProofChecker.NONE);
    return withChecker(c);
  }

  /** The same chain with {@link #checker} as its collaborative checker. */
  private TestChain withChecker(TestChain c) {
    return new TestChain(
        c,
        new StateMachine(
            TestChain.CHAIN_ID,
            FraudProofChecker.NONE,
            checker,
            SignedTransaction::verifySignature));
  }

  Payload.PublishCollabTask.Builder terms(long enrollDeadline) {
    return Payload.PublishCollabTask.builder()
        .datasetId(data)
        .specHash(spec)
        .genesis(HashChecker.genesis(spec))
        .rounds(3)
        .localSteps(20)
        .checkpointInterval(10)
        .miners(3)
        .quorum(2)
        .outerLr(0.7f)
        .outerMomentum(0.9f)
        .flopsPerStep(5)
        .reward(REWARD)
        .enrollDeadline(enrollDeadline)
        .roundBlocks(ROUND_BLOCKS)
        .minMinerBond(BOND)
        .sampleSize(1);
  }

  /** Registers the dataset, publishes the task and enrolls every miner; returns the task id. */
  Hash publishAndEnroll(TestChain c) {
    return publishAndEnroll(c, terms(c.state.height() + 3));
  }

  /** As {@link #publishAndEnroll(TestChain)}, with these terms. */
  Hash publishAndEnroll(TestChain c, Payload.PublishCollabTask.Builder terms) {
    assertThat(c.run(provider, new Payload.RegisterDataset(data, "CC-BY-4.0", DATA_FEE)))
        .isEqualTo(Outcome.OK);
    SignedTransaction pub = c.tx(publisher, terms.build());
    c.block(pub);
    assertThat(c.last.outcomes()).containsExactly(Outcome.OK);
    Hash id = Tasks.taskId(Address.of(publisher), pub.body().nonce());
    List<SignedTransaction> enroll = new ArrayList<>();
    for (KeyPair m : miners) {
      enroll.add(c.tx(m, new Payload.EnrollTask(id, BOND)));
    }
    c.block(enroll.toArray(SignedTransaction[]::new));
    assertThat(c.last.allAccepted()).isTrue();
    return id;
  }

  static Hash update(int round, KeyPair m) {
    return Hash.of(
        Sha256.tagged(
            "test/update",
            Address.of(m).toArray(),
            ("r" + round).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Runs round {@code round}: each miner in {@code commit} commits, the validator votes on it
   * (accept unless it is in {@code reject}), then the chain advances past the close height.
   */
  void playRound(TestChain c, Hash id, int round, List<KeyPair> commit, List<KeyPair> reject) {
    CollabRound r = c.state.collabRound(id, round);
    c.advanceTo(r.openHeight() - 1);
    List<SignedTransaction> txs = new ArrayList<>();
    for (KeyPair m : commit) {
      txs.add(c.tx(m, new Payload.CommitContribution(id, round, Hash.ZERO, update(round, m), 900)));
    }
    c.block(txs.toArray(SignedTransaction[]::new));
    assertThat(c.last.allAccepted()).as("commits of round %d", round).isTrue();
    txs.clear();
    for (KeyPair m : commit) {
      boolean accept = !reject.contains(m);
      for (KeyPair v : List.of(v1)) {
        txs.add(
            c.tx(
                v,
                new Payload.ContributionVote(
                    id,
                    round,
                    Address.of(m),
                    accept,
                    accept ? Payload.VerificationVote.NO_SEGMENT : 1)));
      }
    }
    c.block(txs.toArray(SignedTransaction[]::new));
    assertThat(c.last.allAccepted()).as("votes of round %d", round).isTrue();
    c.advanceTo(r.closeHeight());
    assertThat(c.state.collabRound(id, round).status()).isEqualTo(CollabRound.Status.AGGREGATING);
  }

  /** Records G_{r+1} as the checker computes it. */
  Outcome close(TestChain c, Hash id, int round) throws FraudProofChecker.Unavailable {
    CollabTask t = c.state.collabTask(id);
    Payload.ModelHashes next = checker.next(id, t, round, c.state.collabRound(id, round));
    return c.run(publisher, new Payload.CloseRound(id, round, next));
  }

  long protocolFee(long share, long dataFee) {
    return Math.min(share * PROTOCOL_BPS / 10_000, share - dataFee);
  }

  @Test
  void threeHonestMinersCompleteThreeRoundsAndShareTheEscrow() throws Exception {
    TestChain c = chain();
    Hash id = publishAndEnroll(c);
    long[] before = new long[3];
    for (int i = 0; i < 3; i++) {
      before[i] = c.balance(miners.get(i));
    }
    long providerBefore = c.balance(provider);
    long treasuryBefore = c.state.globals().treasury();
    Payload.ModelHashes g = c.state.collabRound(id, 0).start();
    long paid = 0;
    long fees = 0;
    for (int round = 0; round < 3; round++) {
      playRound(c, id, round, miners, List.of());
      CollabRound r = c.state.collabRound(id, round);
      assertThat(r.accepted()).hasSize(3);
      assertThat(r.start()).isEqualTo(g);
      assertThat(close(c, id, round)).isEqualTo(Outcome.OK);
      g = c.state.collabRound(id, round).next();
      long share = RoundRewards.roundShare(REWARD, 3, round);
      long dataFee = round == 0 ? DATA_FEE : 0;
      fees += protocolFee(share, dataFee);
      paid += share - dataFee - protocolFee(share, dataFee);
      if (round < 2) {
        assertThat(c.state.collabRound(id, round + 1).start()).isEqualTo(g);
      }
    }
    CollabTask t = c.state.collabTask(id);
    assertThat(t.settled()).isTrue();
    assertThat(t.escrow()).isZero();
    long got = 0;
    for (int i = 0; i < 3; i++) {
      KeyPair m = miners.get(i);
      // 3 commits of fee 1, and the bond came back
      long gain = c.balance(m) - before[i] + 3 - BOND;
      got += gain;
      assertThat(c.state.enrollment(id, Address.of(m)).bond()).isZero();
      assertThat(gain).isBetween(paid / 3 - 3, paid / 3 + 3);
    }
    assertThat(got).isEqualTo(paid);
    assertThat(c.balance(provider) - providerBefore).isEqualTo(DATA_FEE);
    assertThat(c.state.globals().treasury() - treasuryBefore).isEqualTo(fees);
    assertThat(paid + fees + DATA_FEE).isEqualTo(REWARD);
    // the settled task takes nothing more
    assertThat(close(c, id, 2)).isEqualTo(Outcome.TASK_SETTLED);
  }

  @Test
  void aMissingMinerLosesItsBondAndIsLeftOutOfTheRound() throws Exception {
    TestChain c = chain();
    Hash id = publishAndEnroll(c);
    KeyPair lazy = miners.get(2);
    long treasury = c.state.globals().treasury();
    playRound(c, id, 0, miners.subList(0, 2), List.of());
    assertThat(c.state.globals().treasury() - treasury)
        .isEqualTo(BOND + protocolFee(RoundRewards.roundShare(REWARD, 3, 0), DATA_FEE));
    Enrollment e = c.state.enrollment(id, Address.of(lazy));
    assertThat(e.status()).isEqualTo(Enrollment.Status.REJECTED);
    assertThat(e.bond()).isZero();
    assertThat(c.state.collabRound(id, 0).accepted())
        .containsExactlyInAnyOrder(Address.of(miners.get(0)), Address.of(miners.get(1)));
    assertThat(close(c, id, 0)).isEqualTo(Outcome.OK);
    // it has left the task: it cannot come back in the next round
    c.advanceTo(c.state.collabRound(id, 1).openHeight() - 1);
    assertThat(c.run(lazy, new Payload.CommitContribution(id, 1, Hash.ZERO, update(1, lazy), 900)))
        .isEqualTo(Outcome.NOT_ENROLLED);
  }

  @Test
  void aRejectedContributionLosesItsBondAndItsShare() throws Exception {
    TestChain c = chain();
    Hash id = publishAndEnroll(c);
    KeyPair cheat = miners.get(1);
    long cheatBefore = c.balance(cheat);
    long honestBefore = c.balance(miners.get(0));
    playRound(c, id, 0, miners, List.of(cheat));
    CollabRound r = c.state.collabRound(id, 0);
    assertThat(r.contribution(Address.of(cheat)).status()).isEqualTo(Enrollment.Status.REJECTED);
    assertThat(r.accepted()).doesNotContain(Address.of(cheat)).hasSize(2);
    assertThat(c.state.enrollment(id, Address.of(cheat)).bond()).isZero();
    // the cheat paid one commit fee and got nothing; an honest miner got half the payout
    assertThat(c.balance(cheat)).isEqualTo(cheatBefore - 1);
    long share = RoundRewards.roundShare(REWARD, 3, 0);
    long payout = share - DATA_FEE - protocolFee(share, DATA_FEE);
    assertThat(c.balance(miners.get(0)) - honestBefore + 1).isBetween(payout / 2, payout / 2 + 1);
  }

  @Test
  void aRoundBelowQuorumRefundsItsShareAndKeepsTheModel() throws Exception {
    TestChain c = chain();
    Hash id = publishAndEnroll(c);
    long publisherBefore = c.balance(publisher);
    playRound(c, id, 0, miners.subList(0, 1), List.of());
    assertThat(c.state.collabRound(id, 0).accepted()).hasSize(1);
    assertThat(c.balance(publisher) - publisherBefore)
        .isEqualTo(RoundRewards.roundShare(REWARD, 3, 0));
    assertThat(c.state.collabTask(id).dataFeePaid()).isFalse();
    // two miners lost their bonds, the task goes on with the one left
    assertThat(close(c, id, 0)).isEqualTo(Outcome.OK);
    assertThat(c.state.collabTask(id).round()).isEqualTo(1);
  }

  @Test
  void aWrongOrEarlyCloseIsRefusedAndChangesNothing() throws Exception {
    TestChain c = chain();
    Hash id = publishAndEnroll(c);
    Payload.ModelHashes g0 = HashChecker.genesis(spec);
    // still open
    assertThat(c.run(publisher, new Payload.CloseRound(id, 0, g0))).isEqualTo(Outcome.WRONG_ROUND);
    playRound(c, id, 0, miners, List.of());
    LedgerState before = c.state;
    assertThat(c.run(publisher, new Payload.CloseRound(id, 0, g0))).isEqualTo(Outcome.WRONG_MODEL);
    assertThat(c.state.collabRound(id, 0)).isEqualTo(before.collabRound(id, 0));
    assertThat(c.state.collabTask(id)).isEqualTo(before.collabTask(id));
    assertThat(c.run(publisher, new Payload.CloseRound(id, 1, g0))).isEqualTo(Outcome.WRONG_ROUND);
    // a commit to a closing round is refused
    assertThat(
            c.run(
                miners.get(0),
                new Payload.CommitContribution(id, 0, Hash.ZERO, update(9, miners.get(0)), 900)))
        .isEqualTo(Outcome.WRONG_ROUND);
  }

  @Test
  void aCloseWhoseInputsAreMissingFailsTheBlockRetryably() throws Exception {
    TestChain c = chain();
    Hash id = publishAndEnroll(c);
    playRound(c, id, 0, miners, List.of());
    Payload.ModelHashes next =
        checker.next(id, c.state.collabTask(id), 0, c.state.collabRound(id, 0));
    checker.unavailable = true;
    SignedTransaction tx = c.tx(publisher, new Payload.CloseRound(id, 0, next));
    var block = c.next(c.allSigners(), tx);
    assertThatThrownBy(() -> c.machine.apply(c.state, block))
        .isInstanceOfSatisfying(
            InvalidBlockException.class, e -> assertThat(e.retryable()).isTrue());
    checker.unavailable = false;
    assertThat(c.machine.apply(c.state, block).outcomes()).containsExactly(Outcome.OK);
  }

  @Test
  void publishChecksTheSpecTheGenesisAndTheTerms() {
    TestChain c = chain();
    assertThat(c.run(provider, new Payload.RegisterDataset(data, "CC-BY-4.0", DATA_FEE)))
        .isEqualTo(Outcome.OK);
    long balance = c.balance(publisher);
    assertThat(c.run(publisher, terms(c.state.height() + 5).specHash(Hash.ZERO).build()))
        .isEqualTo(Outcome.SPEC_MISMATCH);
    assertThat(
            c.run(
                publisher, terms(c.state.height() + 5).genesis(HashChecker.genesis(data)).build()))
        .isEqualTo(Outcome.WRONG_MODEL);
    assertThat(c.run(publisher, terms(c.state.height() + 5).checkpointInterval(7).build()))
        .isEqualTo(Outcome.INVALID_TASK);
    assertThat(c.run(publisher, terms(c.state.height() + 5).roundBlocks(0).build()))
        .isEqualTo(Outcome.INVALID_TASK);
    assertThat(c.run(publisher, terms(c.state.height() + 1).build()))
        .isEqualTo(Outcome.DEADLINE_PASSED);
    assertThat(c.run(publisher, terms(c.state.height() + 5).reward(10_000_000).build()))
        .isEqualTo(Outcome.INSUFFICIENT_FUNDS);
    assertThat(c.run(publisher, terms(c.state.height() + 5).datasetId(spec).build()))
        .isEqualTo(Outcome.UNKNOWN_DATASET);
    // refused transactions cost nothing
    assertThat(c.balance(publisher)).isEqualTo(balance);
  }

  @Test
  void aFullTaskTakesNoMoreMinersAndLateEnrollmentIsRefused() {
    TestChain c = chain();
    Hash id = publishAndEnroll(c);
    KeyPair extra = TestChain.key("m4");
    c.block(c.tx(publisher, new Payload.Transfer(Address.of(extra), 5_000)));
    assertThat(c.state.collabTask(id).slot(Address.of(miners.get(2)))).isEqualTo(2);
    c.advanceTo(c.state.collabTask(id).terms().enrollDeadline() + 1);
    assertThat(c.run(extra, new Payload.EnrollTask(id, BOND))).isEqualTo(Outcome.DEADLINE_PASSED);
  }

  @Test
  void aNodeWithoutACollaborativeCheckerRefusesTheTask() {
    TestChain c = chain();
    TestChain plain =
        new TestChain(c, new StateMachine(TestChain.CHAIN_ID, FraudProofChecker.NONE));
    assertThat(plain.run(provider, new Payload.RegisterDataset(data, "CC-BY-4.0", DATA_FEE)))
        .isEqualTo(Outcome.OK);
    assertThat(plain.run(publisher, terms(plain.state.height() + 5).build()))
        .isEqualTo(Outcome.SPEC_MISMATCH);
  }

  @Test
  void theDecoderRefusesOutOfRangeCollaborativeFieldsWithTheirName() {
    Payload.PublishCollabTask ok = terms(50).build();
    byte[] bytes = encode(ok);
    assertThat(decode(bytes)).isEqualTo(ok);
    // rounds sit after the dataset, spec and three genesis hashes
    int rounds = 5 * 32;
    int miners = rounds + 4 + 8 + 8;
    int quorum = miners + 2;
    int lr = quorum + 2;
    assertDecodeFails(patch(bytes, rounds, 0, 0, 0, 0), "rounds must be in [1, 100000]");
    assertDecodeFails(patch(bytes, miners, 0, 0), "miners must be in [1, 1024]");
    assertDecodeFails(patch(bytes, quorum, 0, 4), "quorum must be in [1, miners=3]");
    int nan = Float.floatToIntBits(Float.NaN);
    assertDecodeFails(
        patch(bytes, lr, nan >>> 24, (nan >>> 16) & 0xff, (nan >>> 8) & 0xff, nan & 0xff),
        "outer lr must be in (0, 10]");
    int one = Float.floatToIntBits(1f);
    assertDecodeFails(
        patch(bytes, lr + 4, one >>> 24, (one >>> 16) & 0xff, 0, 0),
        "outer momentum must be in [0, 1)");
    assertDecodeFails(patch(bytes, lr + 4, 0x80, 0, 0, 0), "outer momentum");
    assertThatThrownBy(() -> terms(50).quorum(4).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quorum");
  }

  static byte[] encode(Payload p) {
    Writer w = new Writer(256);
    p.encode(w);
    return w.toByteArray();
  }

  static Payload decode(byte[] bytes) {
    try {
      Reader r = new Reader(bytes);
      Payload p = Payload.decode(TxType.PUBLISH_COLLAB_TASK, r);
      r.end();
      return p;
    } catch (DecodeException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] patch(byte[] bytes, int at, int... values) {
    byte[] out = bytes.clone();
    for (int i = 0; i < values.length; i++) {
      out[at + i] = (byte) values[i];
    }
    return out;
  }

  static void assertDecodeFails(byte[] bytes, String message) {
    assertThatThrownBy(() -> Payload.decode(TxType.PUBLISH_COLLAB_TASK, new Reader(bytes)))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DecodeException.Reason.INVALID_VALUE))
        .hasMessageContaining(message);
  }
}

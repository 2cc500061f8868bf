package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The attack: a miner commits a transcript with one spliced segment, and the proposer of the next
 * block, colluding with it, grinds that block (its time, which transactions it includes and in what
 * order) until the verifier committee and the segments each verifier is challenged on miss the
 * splice. When the committee and samples came from the next block's hash, every variant gave
 * another draw and the proposer could pick. They now come from the beacon, which mixes in the
 * proposer's reveal: every valid variant of the block draws the same committee and samples, and a
 * block with any other reveal is invalid. The proposer's only choice left is to not propose.
 */
@Tag("attack")
class ChallengeGrindingAttackTest {
  private static final int VARIANTS = 64;

  private final KeyPair v1 = TestChain.key("v1");
  private final KeyPair v2 = TestChain.key("v2");
  private final KeyPair v3 = TestChain.key("v3");
  private final KeyPair v4 = TestChain.key("v4");
  private final KeyPair publisher = TestChain.key("publisher");
  private final KeyPair miner = TestChain.key("splicing-miner");
  private final List<KeyPair> bystanders = new ArrayList<>();

  private TestChain committed() {
    Map<KeyPair, Long> balances = new LinkedHashMap<>();
    balances.put(publisher, 1_000_000L);
    balances.put(miner, 1_000_000L);
    for (int i = 0; i < 6; i++) {
      bystanders.add(TestChain.key("bystander-" + i));
      balances.put(bystanders.get(i), 1_000_000L);
    }
    Params p = Params.DEFAULT.with("committeeSize", 2);
    List<KeyPair> vals = List.of(v1, v2, v3, v4);
    TestChain c =
        new TestChain(
            TestChain.genesis(p, balances, vals, 1_000_000, 0), vals, FraudProofChecker.NONE);
    Hash data = Hash.sha256(new byte[] {3});
    assertThat(c.run(publisher, new Payload.RegisterDataset(data, "cc0", 0))).isEqualTo(Outcome.OK);
    SignedTransaction pub =
        c.tx(
            publisher,
            Payload.PublishTask.builder()
                .datasetId(data)
                .specHash(Hash.ZERO)
                .totalSteps(1_000)
                .checkpointInterval(10) // 100 segments
                .reward(100_000)
                .deadline(20)
                .minMinerBond(1_000)
                .sampleSize(2)
                .build());
    c.block(pub);
    Hash task = Tasks.taskId(Address.of(publisher), pub.body().nonce());
    assertThat(c.run(miner, new Payload.EnrollTask(task, 1_000))).isEqualTo(Outcome.OK);
    assertThat(c.run(miner, new Payload.CommitProof(task, Hash.ZERO, Hash.ZERO, 900)))
        .isEqualTo(Outcome.OK);
    this.task = task;
    return c;
  }

  private Hash task;

  /** What a variant of the next block decides about the spliced transcript's verification. */
  private record Draw(List<Enrollment.Seat> committee, Set<List<Integer>> samples) {}

  private Draw draw(TestChain c, Block next) throws InvalidBlockException {
    LedgerState after = c.machine.apply(c.state, next).state();
    Enrollment e = after.enrollment(task, Address.of(miner));
    Task t = after.task(task);
    Set<List<Integer>> samples = new HashSet<>();
    for (Enrollment.Seat s : e.committee()) {
      List<Integer> l = new ArrayList<>(Tasks.challengedBy(t, e, s.validator()));
      Collections.sort(l);
      samples.add(l);
    }
    return new Draw(e.committee(), samples);
  }

  @Test
  void aProposerThatGrindsTheNextBlockAlwaysDrawsTheSameCommitteeAndSamples() throws Exception {
    TestChain c = committed();
    Address proposer = c.state.validatorSet().members().get(0).address();
    Hash reveal = TestChain.revealOf(c.state, proposer);
    Set<Draw> draws = new HashSet<>();
    for (int i = 0; i < VARIANTS; i++) {
      // another time, and another subset and order of pooled transfers
      List<SignedTransaction> txs = new ArrayList<>();
      for (int j = 0; j < bystanders.size(); j++) {
        if ((i >> j & 1) == 1) {
          txs.add(
              new network.pot.chain.tx.Transaction(
                      TestChain.CHAIN_ID,
                      0,
                      TestChain.FEE,
                      new Payload.Transfer(Address.of(publisher), 1 + i))
                  .sign(bystanders.get(j)));
        }
      }
      if (i % 2 == 1) {
        Collections.reverse(txs);
      }
      Block variant =
          Block.build(
              TestChain.CHAIN_ID,
              c.state.height() + 1,
              c.state.globals().lastBlockTime() + 1 + i * 37L,
              c.state.globals().lastBlockHash(),
              c.state.root(),
              proposer,
              reveal,
              c.allSigners(),
              txs);
      draws.add(draw(c, variant));
    }
    assertThat(draws)
        .as("distinct committee/sample draws over %d variants of the next block", VARIANTS)
        .hasSize(1);
  }

  @Test
  void aBlockWithAnyOtherRevealIsInvalid() {
    TestChain c = committed();
    Address proposer = c.state.validatorSet().members().get(0).address();
    Hash honest = TestChain.revealOf(c.state, proposer);
    byte[] other = honest.toArray();
    other[0] ^= 1;
    for (Hash reveal : List.of(Hash.of(other), Hash.ZERO, c.state.reveals(proposer).head())) {
      Block b =
          Block.build(
              TestChain.CHAIN_ID,
              c.state.height() + 1,
              c.state.globals().lastBlockTime() + 1,
              c.state.globals().lastBlockHash(),
              c.state.root(),
              proposer,
              reveal,
              c.allSigners(),
              List.of());
      assertThatThrownBy(() -> c.machine.apply(c.state, b))
          .isInstanceOf(InvalidBlockException.class)
          .extracting(e -> ((InvalidBlockException) e).reason())
          .isEqualTo(InvalidBlockException.Reason.WRONG_REVEAL);
    }
    // another validator's reveal under this proposer's name is wrong too
    Address another = c.state.validatorSet().members().get(1).address();
    Hash theirs = TestChain.revealOf(c.state, another);
    assertThat(Arrays.equals(theirs.toArray(), honest.toArray())).isFalse();
  }
}

package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the emission with the default parameters: a flat block reward that doubles a
 * devnet-sized supply in about 1,050 blocks and never stops, and a publisher and its miners that
 * post a cheap task to themselves, declare a huge amount of work, and collect the miner pool.
 */
@Tag("attack")
class EmissionAttackTest {
  /** The default schedule's hard cap. */
  private static final long DEFAULT_CAP = 3_000_000_000L;

  private final KeyPair holder = TestChain.key("holder");
  private final KeyPair v1 = TestChain.key("v1");
  private final KeyPair v2 = TestChain.key("v2");
  private final KeyPair v3 = TestChain.key("v3");

  private TestChain chain(long holderBalance, KeyPair... funded) {
    Map<KeyPair, Long> balances = new LinkedHashMap<>();
    balances.put(holder, holderBalance);
    for (KeyPair k : funded) {
      balances.put(k, 1_000_000L);
    }
    return new TestChain(
        TestChain.genesis(Params.DEFAULT, balances, List.of(v1, v2, v3), 1_000_000, 0),
        List.of(v1, v2, v3),
        FraudProofChecker.NONE);
  }

  @Test
  void aFlatEmissionDoublesADevnetSizedSupplyInAbout1050Blocks() {
    TestChain c = chain(1_047_000_000L);
    long genesis = c.state.globals().supply();
    assertThat(genesis).isEqualTo(1_050_000_000L);
    long first = minted(c.block());
    c.advanceTo(1_050);
    assertThat(c.state.globals().supply())
        .as("supply after 1,050 blocks of a %d genesis", genesis)
        .isLessThan(2 * genesis);
    c.advanceTo(5_000);
    assertThat(c.state.globals().supply())
        .as("supply after 5,000 blocks of a %d genesis", genesis)
        .isLessThan(2 * genesis);
    assertThat(minted(c.block())).as("what a block mints, later").isLessThan(first / 2);
  }

  @Test
  void theEmissionNeverPassesTheCap() {
    // 50,000,000 below the cap after genesis (three validators bond 1,000,000 each)
    TestChain c = chain(DEFAULT_CAP - 53_000_000L);
    c.advanceTo(300);
    long supply = c.state.globals().supply();
    assertThat(supply).isLessThanOrEqualTo(DEFAULT_CAP);
    c.advanceTo(320);
    assertThat(c.state.globals().supply())
        .as("supply keeps growing past the cap")
        .isEqualTo(supply);
  }

  private static long minted(BlockResult r) {
    return r.blockEvents().stream()
        .filter(e -> e.type() == Event.Type.MINT)
        .mapToLong(Event::amount)
        .sum();
  }

  @Test
  void aCoalitionPostingATaskToItselfCannotFarmTheMinerPool() {
    KeyPair publisher = TestChain.key("coalition-publisher");
    KeyPair provider = TestChain.key("coalition-provider");
    List<KeyPair> miners = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      miners.add(TestChain.key("coalition-miner-" + i));
    }
    List<KeyPair> coalition = new ArrayList<>(miners);
    coalition.add(publisher);
    coalition.add(provider);
    List<KeyPair> funded = new ArrayList<>(coalition);
    funded.addAll(List.of(v1, v2, v3)); // the validators pay their votes' fees
    TestChain c = chain(1_000_000L, funded.toArray(KeyPair[]::new));
    long before = holdings(c, coalition);

    Hash data = Hash.sha256(new byte[] {7});
    assertThat(c.run(provider, new Payload.RegisterDataset(data, "mine", 0))).isEqualTo(Outcome.OK);
    // a 1,000 reward for 10^15 declared flops: the task is nothing, the declared work is enormous
    SignedTransaction pub =
        c.tx(
            publisher,
            Payload.PublishTask.builder()
                .datasetId(data)
                .specHash(Hash.ZERO)
                .totalSteps(1_000_000)
                .checkpointInterval(10_000)
                .flopsPerStep(1_000_000_000)
                .reward(1_000)
                .deadline(6)
                .minMinerBond(1)
                .sampleSize(1)
                .build());
    c.block(pub);
    Hash task = Tasks.taskId(Address.of(publisher), pub.body().nonce());
    c.block(
        miners.stream()
            .map(m -> c.tx(m, new Payload.EnrollTask(task, 1)))
            .toArray(SignedTransaction[]::new));
    c.block(
        miners.stream()
            .map(m -> c.tx(m, new Payload.CommitProof(task, Hash.ZERO, Hash.ZERO, 1)))
            .toArray(SignedTransaction[]::new));
    // the committee sees a proof it cannot fault and accepts it
    List<SignedTransaction> votes = new ArrayList<>();
    for (KeyPair m : miners) {
      for (KeyPair v : List.of(v1, v2, v3)) {
        votes.add(c.tx(v, new Payload.VerificationVote(task, Address.of(m), true)));
      }
    }
    c.block(votes.toArray(SignedTransaction[]::new));
    for (KeyPair m : miners) {
      assertThat(c.state.enrollment(task, Address.of(m)).status())
          .isEqualTo(Enrollment.Status.ACCEPTED);
    }
    c.advanceTo(40); // past the settlement (deadline 6 + window 20) and three miner payouts
    assertThat(c.state.task(task).settled()).isTrue();
    assertThat(holdings(c, coalition))
        .as("the coalition's tokens after posting a task to itself")
        .isLessThanOrEqualTo(before);
  }

  private static long holdings(TestChain c, List<KeyPair> members) {
    return members.stream().mapToLong(c::balance).sum();
  }
}

package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;

/**
 * Properties of the emission over seeded random schedules and markets (every failure names its
 * seed): the supply formula is the sum of what the blocks mint, and a coalition of a publisher, its
 * data provider and any number of miners, posting tasks with random terms to itself, never receives
 * more from the miner pool than the protocol fees its tasks pay, so self-dealing never pays.
 */
class EmissionPropertiesTest {

  @Property(tries = 200)
  void theSupplyFormulaIsTheSumOfWhatEachBlockMints(@ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long genesis = rnd.nextLong(1_000_000_000_000L);
    Params p =
        Params.DEFAULT
            .with("blockReward", rnd.nextLong(10_000_000_001L))
            .with("emissionPeriod", 1 + rnd.nextInt(50))
            .with("emissionDecayBps", rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(10_001))
            .with("supplyCap", Math.max(0, genesis + rnd.nextLong(-1_000_000, 100_000_000_000L)));
    long supply = genesis;
    for (long h = 1; h <= 2_000; h++) {
      long minted = Emission.issuance(p, h, supply);
      assertThat(minted).as("seed %d height %d", seed, h).isNotNegative();
      supply += minted;
      assertThat(supply)
          .as("seed %d height %d", seed, h)
          .isLessThanOrEqualTo(Math.max(genesis, p.supplyCap()));
      assertThat(Emission.supplyAt(p, genesis, h))
          .as("seed %d height %d", seed, h)
          .isEqualTo(supply);
    }
    assertThat(Emission.scheduled(p, 2_000))
        .as("seed %d: the series is bounded", seed)
        .isLessThanOrEqualTo(
            p.emissionDecayBps() == 0
                ? BigInteger.valueOf(2_000).multiply(BigInteger.valueOf(p.blockReward()))
                : BigInteger.valueOf(p.blockReward())
                    .multiply(BigInteger.valueOf(p.emissionPeriod()))
                    .multiply(BigInteger.valueOf(10_000))
                    .divide(BigInteger.valueOf(p.emissionDecayBps())));
  }

  @Property(tries = 40)
  void aCoalitionPostingTasksToItselfEarnsNoMoreEmissionThanItPays(@ForAll long seed) {
    new Market(seed).check();
  }

  /** One random market: a coalition's tasks to itself and, sometimes, an outsider's task. */
  private static final class Market {
    private final long seed;
    private final SplittableRandom rnd;
    private final KeyPair publisher = TestChain.key("coalition-publisher");
    private final KeyPair provider = TestChain.key("coalition-provider");
    private final List<KeyPair> miners = new ArrayList<>();
    private final KeyPair outsider = TestChain.key("outside-publisher");
    private final KeyPair outsideMiner = TestChain.key("outside-miner");
    private final List<KeyPair> validators =
        List.of(TestChain.key("v1"), TestChain.key("v2"), TestChain.key("v3"));
    private final List<Event> events = new ArrayList<>();
    private final StringBuilder terms = new StringBuilder();
    private TestChain c;

    Market(long seed) {
      this.seed = seed;
      this.rnd = new SplittableRandom(seed);
      int size = 1 + rnd.nextInt(8);
      for (int i = 0; i < size; i++) {
        miners.add(TestChain.key("coalition-miner-" + i));
      }
    }

    private List<KeyPair> coalition() {
      List<KeyPair> l = new ArrayList<>(miners);
      l.add(publisher);
      l.add(provider);
      return l;
    }

    private void block(List<SignedTransaction> txs) {
      BlockResult r = c.block(txs.toArray(SignedTransaction[]::new));
      r.txEvents().forEach(events::addAll);
      events.addAll(r.blockEvents());
    }

    void check() {
      Params p =
          Params.DEFAULT
              .with("blockReward", 1 + rnd.nextLong(10_000_000))
              .with("epochLength", 1 + rnd.nextInt(12))
              .with("verificationWindow", 2 + rnd.nextInt(10))
              .with(
                  "protocolFeeBps",
                  List.of(0, 1, 200, 10_000, rnd.nextInt(10_001)).get(rnd.nextInt(5)))
              .with("treasuryShareBps", 0)
              .with("minerShareBps", rnd.nextInt(10_001));
      Map<KeyPair, Long> funds = new LinkedHashMap<>();
      funds.put(publisher, 4_000_000L);
      funds.put(provider, 1_000L);
      miners.forEach(m -> funds.put(m, 10_000L));
      funds.put(outsider, 2_000_000L);
      funds.put(outsideMiner, 10_000L);
      validators.forEach(v -> funds.put(v, 1_000L));
      c =
          new TestChain(
              TestChain.genesis(p, funds, validators, 1_000_000, 0),
              validators,
              FraudProofChecker.NONE);
      long before = holdings();
      terms.append(miners.size()).append(" miners, ").append(p);

      Hash ours = Hash.sha256(new byte[] {1});
      Hash theirs = Hash.sha256(new byte[] {2});
      boolean withOutsider = rnd.nextBoolean();
      List<SignedTransaction> txs = new ArrayList<>();
      txs.add(c.tx(provider, new Payload.RegisterDataset(ours, "ours", rnd.nextLong(2_000_000))));
      if (withOutsider) {
        txs.add(c.tx(outsider, new Payload.RegisterDataset(theirs, "theirs", rnd.nextLong(100))));
      }
      block(txs); // h1

      txs.clear();
      List<Hash> tasks = new ArrayList<>();
      List<Long> bonds = new ArrayList<>();
      int count = 1 + rnd.nextInt(3);
      for (int i = 0; i < count; i++) {
        long bond = 1 + rnd.nextLong(1_000);
        SignedTransaction pub = c.tx(publisher, task(ours, 1 + rnd.nextLong(1_000_000), bond));
        txs.add(pub);
        tasks.add(Tasks.taskId(Address.of(publisher), pub.body().nonce()));
        bonds.add(bond);
      }
      Hash outsideTask = null;
      if (withOutsider) {
        SignedTransaction pub = c.tx(outsider, task(theirs, 1 + rnd.nextLong(1_000_000), 1));
        txs.add(pub);
        outsideTask = Tasks.taskId(Address.of(outsider), pub.body().nonce());
      }
      block(txs); // h2, deadline 4

      txs.clear();
      List<Object[]> enrolled = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        for (int j = 0; j < miners.size(); j++) {
          KeyPair m = miners.get(j);
          if (j == 0 || rnd.nextInt(10) < 7) {
            txs.add(
                c.tx(m, new Payload.EnrollTask(tasks.get(i), bonds.get(i) + rnd.nextLong(100))));
            enrolled.add(new Object[] {tasks.get(i), m});
          }
        }
      }
      if (outsideTask != null) {
        txs.add(c.tx(outsideMiner, new Payload.EnrollTask(outsideTask, 1)));
        enrolled.add(new Object[] {outsideTask, outsideMiner});
      }
      block(txs); // h3

      txs.clear();
      List<Object[]> committed = new ArrayList<>();
      for (Object[] e : enrolled) {
        if (rnd.nextInt(10) < 9) {
          txs.add(
              c.tx(
                  (KeyPair) e[1],
                  new Payload.CommitProof((Hash) e[0], Hash.ZERO, Hash.ZERO, rnd.nextInt(100))));
          committed.add(e);
        }
      }
      block(txs); // h4

      txs.clear();
      for (Object[] e : committed) {
        boolean accept = rnd.nextInt(10) < 8;
        for (KeyPair v : validators.subList(0, 2)) {
          Address miner = Address.of((KeyPair) e[1]);
          txs.add(c.tx(v, new Payload.VerificationVote((Hash) e[0], miner, accept)));
        }
      }
      block(txs); // h5: committees seated, verdicts in

      long end = 4 + p.verificationWindow() + 2 * p.epochLength() + 1;
      while (c.state.height() < end) {
        block(List.of());
      }
      for (Hash t : tasks) {
        assertThat(c.state.task(t).settled()).as("seed %d", seed).isTrue();
      }

      Set<Address> members = new HashSet<>();
      coalition().forEach(k -> members.add(Address.of(k)));
      Set<String> ourTasks = new HashSet<>();
      tasks.forEach(t -> ourTasks.add(t.toHex()));
      long received = 0;
      long fees = 0;
      for (Event e : events) {
        if (e.type() == Event.Type.MINER_PAYOUT && members.contains(e.account())) {
          received += e.amount();
        }
        if (e.type() == Event.Type.PROTOCOL_FEE && ourTasks.contains(e.ref())) {
          fees += e.amount();
        }
      }
      assertThat(received)
          .as("seed %d (%s): emission received vs protocol fees paid", seed, terms)
          .isLessThanOrEqualTo(fees);
      assertThat(holdings())
          .as("seed %d (%s): the coalition's tokens after dealing with itself", seed, terms)
          .isLessThanOrEqualTo(before);
    }

    private Payload.PublishTask task(Hash dataset, long reward, long bond) {
      long steps = 1 + rnd.nextLong(Params.DEFAULT.maxSegmentSteps()); // one segment, within bounds
      terms.append("; task reward ").append(reward).append(" steps ").append(steps);
      return Payload.PublishTask.builder()
          .datasetId(dataset)
          .specHash(Hash.ZERO)
          .totalSteps(steps)
          .checkpointInterval(steps)
          .flopsPerStep(1 + rnd.nextLong(1_000_000_000))
          .reward(reward)
          .deadline(4)
          .minMinerBond(bond)
          .sampleSize(1)
          .build();
    }

    private long holdings() {
      return coalition().stream().mapToLong(c::balance).sum();
    }
  }
}

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
 * The attack: a griefer fills a task's every miner seat with accounts of its own that enroll and
 * never commit. No honest miner can enroll, the task expires without a model, and the griefer used
 * to get every bond back at settlement: blocking any task cost it only transaction fees. An
 * enrollment that never commits now forfeits its bond, so blocking a task costs the seats times the
 * publisher's minimum bond.
 */
@Tag("attack")
class SybilEnrollmentAttackTest {
  private static final long BOND = 5_000;
  private static final int SEATS = 8;

  private final KeyPair v1 = TestChain.key("v1");
  private final KeyPair v2 = TestChain.key("v2");
  private final KeyPair v3 = TestChain.key("v3");
  private final KeyPair publisher = TestChain.key("publisher");
  private final KeyPair honest = TestChain.key("honest-miner");

  @Test
  void sybilsThatFillATaskAndNeverCommitLoseTheirBonds() {
    List<KeyPair> sybils = new ArrayList<>();
    for (int i = 0; i < SEATS; i++) {
      sybils.add(TestChain.key("sybil-" + i));
    }
    Map<KeyPair, Long> balances = new LinkedHashMap<>();
    balances.put(publisher, 1_000_000L);
    balances.put(honest, 1_000_000L);
    sybils.forEach(s -> balances.put(s, 1_000_000L));
    Params params = Params.DEFAULT.with("maxMinersPerTask", SEATS);
    TestChain c =
        new TestChain(
            TestChain.genesis(params, balances, List.of(v1, v2, v3), 1_000_000, 0),
            List.of(v1, v2, v3),
            FraudProofChecker.NONE);
    long supply = c.state.globals().supply();

    Hash data = Hash.sha256(new byte[] {1});
    assertThat(c.run(publisher, new Payload.RegisterDataset(data, "cc0", 0))).isEqualTo(Outcome.OK);
    SignedTransaction pub =
        c.tx(
            publisher,
            Payload.PublishTask.builder()
                .datasetId(data)
                .specHash(Hash.ZERO)
                .totalSteps(100)
                .checkpointInterval(10)
                .reward(100_000)
                .deadline(8)
                .minMinerBond(BOND)
                .sampleSize(1)
                .build());
    c.block(pub);
    Hash task = Tasks.taskId(Address.of(publisher), pub.body().nonce());
    c.block(
        sybils.stream()
            .map(s -> c.tx(s, new Payload.EnrollTask(task, BOND)))
            .toArray(SignedTransaction[]::new));
    assertThat(c.run(honest, new Payload.EnrollTask(task, BOND)))
        .as("an honest miner finds the task full")
        .isEqualTo(Outcome.TASK_FULL);

    Map<KeyPair, Long> before = new LinkedHashMap<>();
    sybils.forEach(s -> before.put(s, c.balance(s)));
    long treasury = c.state.globals().treasury();
    c.advanceTo(c.state.task(task).settlementHeight(c.state.params()) + 1);

    assertThat(c.state.task(task).settled()).isTrue();
    long lost = 0;
    for (KeyPair s : sybils) {
      assertThat(c.balance(s))
          .as("a seat that never committed keeps its bond")
          .isEqualTo(before.get(s));
      lost += BOND;
      assertThat(c.state.enrollment(task, Address.of(s)).bond()).isZero();
    }
    assertThat(c.state.globals().treasury() - treasury)
        .as("the forfeited bonds go to the treasury")
        .isGreaterThanOrEqualTo(lost);
    assertThat(SupplyAudit.of(c.state).balanced()).as("supply conserved").isTrue();
    assertThat(c.state.globals().supply()).isGreaterThanOrEqualTo(supply);
  }
}

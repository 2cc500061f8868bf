package network.pot.node.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.CollabRound;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.Genesis;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.node.ledger.TestLedger;
import network.pot.proof.collab.CollabSpec;
import network.pot.proof.collab.OuterOptimizer;
import network.pot.proof.collab.Simulation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: the validator holding most of a committee's power accepts every contribution, and a
 * miner trains on another slot's shard. Its update was accepted and merged into the round's model;
 * the honest verifier's reject was outvoted and nothing more could be said. Now the honest
 * verifier's worker, holding the fraud proof its own check produced, sends it once the contribution
 * is accepted; every node re-executes the segment from the round's model, the miner is convicted
 * and left out of the round, and the accepting validator is slashed.
 */
@Tag("attack")
@Timeout(180)
class CollabFraudProofAttackTest {
  private static final String CHAIN = "pot-collab-fraud-test";

  @TempDir Path tmp;
  private WorkerBench bench;
  private final List<CollabWorker> workers = new ArrayList<>();
  private final KeyPair publisher = KeyPair.deterministic("collab-publisher", 0);
  private final KeyPair honestVerifier = KeyPair.deterministic("collab-honest-verifier", 0);
  private final KeyPair honestMiner = KeyPair.deterministic("collab-miner", 0);
  private final KeyPair cheat = KeyPair.deterministic("collab-miner", 1);

  @AfterEach
  void close() {
    workers.forEach(CollabWorker::close);
    if (bench != null) {
      bench.close();
    }
  }

  private boolean convicted(Hash id) {
    CollabRound r = bench.app.state().collabRound(id, 0);
    CollabRound.Contribution k = r == null ? null : r.contribution(Address.of(cheat));
    return k != null && k.status() == Enrollment.Status.FRAUDULENT;
  }

  @Test
  void aContributionAcceptedByABiasedCommitteeIsConvictedByTheHonestVerifiersFraudProof()
      throws Exception {
    List<Genesis.Allocation> accounts = new ArrayList<>();
    accounts.add(new Genesis.Allocation(Address.of(publisher), 1_000_000_000L));
    accounts.add(new Genesis.Allocation(Address.of(honestVerifier), 1_000_000));
    // the ledger's own validator, which pays for its votes
    accounts.add(
        new Genesis.Allocation(
            Address.of(KeyPair.deterministic(CHAIN + "-validator", 0)), 1_000_000));
    accounts.add(new Genesis.Allocation(Address.of(honestMiner), 1_000_000));
    accounts.add(new Genesis.Allocation(Address.of(cheat), 1_000_000));
    accounts.sort((a, b) -> a.address().compareTo(b.address()));
    bench =
        new WorkerBench(
            tmp,
            CHAIN,
            accounts,
            publisher,
            a -> new AggregatingCollabChecker(a, a, s -> bench.datasets.load(s), 1));
    TestLedger ledger = bench.ledger;
    KeyPair biased = ledger.validator();
    ledger.signedBy(Address.of(biased));

    // the honest verifier becomes a validator with a tenth of the biased one's power
    ledger.finalize(
        ledger.tx(
            honestVerifier,
            new Payload.CreateValidator(0, 1_000, Hash.ZERO, honestVerifier.publicKey())));
    while (bench.app.state().validatorSet().member(Address.of(honestVerifier)) == null) {
      ledger.finalize();
    }
    ledger.signedBy(Address.of(biased), Address.of(honestVerifier));

    CollabSpec spec =
        CollabSpec.builder()
            .inner(WorkerBench.smallMlp(bench.data.toArray()))
            .rounds(1)
            .miners(2)
            .quorum(1)
            .outer(new OuterOptimizer(1f, 0f))
            .build();
    Hash id = bench.publishCollab(publisher, spec, 10_000, 10, 20, 100);
    assertThat(bench.app.state().collabTask(id)).as("the task is on chain").isNotNull();

    workers.add(new CollabWorker(bench.context("miner", honestMiner), true, false, 1));
    workers.add(
        new CollabWorker(
            bench.context("cheat", cheat), true, false, 1, Simulation.Behaviour.OTHER_DATA));
    workers.add(new CollabWorker(bench.context("verifier", honestVerifier), false, true, 1));
    for (CollabWorker w : workers) {
      bench.app.addListener(w);
      w.start();
    }
    long stake = bench.app.state().validator(Address.of(biased)).tokens();
    long deadline = System.nanoTime() + 150_000_000_000L;
    while (!convicted(id) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      List<SignedTransaction> txs =
          new ArrayList<>(bench.app.mempool().select(bench.app.state(), 1_000, Long.MAX_VALUE));
      // the biased validator accepts every contribution it is seated for
      CollabRound r = bench.app.state().collabRound(id, 0);
      if (r != null && r.status() == CollabRound.Status.OPEN) {
        for (CollabRound.Contribution k : r.contributions()) {
          if (k.status() == Enrollment.Status.COMMITTED
              && k.seat(Address.of(biased)) != null
              && !k.hasVoted(Address.of(biased))
              && !k.challengeSeed().equals(Hash.ZERO)) {
            txs.add(
                ledger.tx(
                    biased,
                    new Payload.ContributionVote(
                        id, 0, k.miner(), true, Payload.VerificationVote.NO_SEGMENT)));
          }
        }
      }
      ledger.finalize(txs.toArray(SignedTransaction[]::new));
    }
    assertThat(convicted(id))
        .as(
            "convicted by height %d: %s; workers %s",
            bench.app.state().height(),
            bench.app.state().collabRound(id, 0),
            workers.stream().map(CollabWorker::counts).toList())
        .isTrue();
    CollabRound r = bench.app.state().collabRound(id, 0);
    assertThat(r.contribution(Address.of(honestMiner)).status())
        .isEqualTo(Enrollment.Status.ACCEPTED);
    assertThat(bench.app.state().enrollment(id, Address.of(cheat)).status())
        .isEqualTo(Enrollment.Status.FRAUDULENT);
    assertThat(bench.app.state().enrollment(id, Address.of(cheat)).bond()).isZero();
    // slashed (and so jailed: this single-proposer ledger ends here; the chain's own tests
    // follow the round to its close without the convicted update)
    assertThat(bench.app.state().validator(Address.of(biased)).tokens())
        .as("the validator that accepted the cheat is slashed")
        .isLessThan(stake);
    // sent again if not on chain within RESEND_BLOCKS (its check runs in the background)
    assertThat(workers.get(2).counts().get("collab_fraud_proofs")).isPositive();
  }
}

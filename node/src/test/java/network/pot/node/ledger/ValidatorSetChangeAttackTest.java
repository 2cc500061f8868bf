package network.pot.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Params;
import network.pot.consensus.CommitCertificate;
import network.pot.consensus.ConsensusBlock;
import network.pot.consensus.ConsensusConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Finding: the ledger jails a validator at once, but consensus kept the epoch's set: the jailed
 * member kept its voting power and its turns to propose until the epoch ended (each turn a round
 * lost to a proposal nobody could accept, or none at all), and a tombstoned double-signer kept
 * voting. And nothing tied the proposer a chain header names to the validator that proposed it.
 */
@Tag("attack")
@Timeout(120)
class ValidatorSetChangeAttackTest {
  static final long SEED = 11;
  static final long EPOCH = 100;
  static final int OFFLINE = 3;

  static ConsensusConfig config(String chain, long epochLength) {
    return ConsensusConfig.builder()
        .chainId(chain)
        .epochLength(epochLength)
        .proposeTimeoutMs(1_000)
        .prevoteTimeoutMs(300)
        .precommitTimeoutMs(300)
        .blockIntervalMs(100)
        .build();
  }

  @Test
  void aValidatorJailedWithinTheEpochLosesItsPowerAndItsTurnsAtTheNextHeight() {
    SplittableRandom rnd = new SplittableRandom(SEED);
    Params params = Params.DEFAULT.with("epochLength", EPOCH);
    LedgerCluster c =
        new LedgerCluster(
            "jail",
            params,
            new long[] {10_000, 10_000, 10_000, 10_000},
            config("jail", EPOCH),
            (from, to, m) -> from == OFFLINE || to == OFFLINE ? -1 : 5 + rnd.nextLong(11));
    c.start();
    long until = 90;
    assertThat(c.runUntilHeight(until, 1_000_000, i -> i != OFFLINE)).as("seed %d", SEED).isTrue();
    LedgerApp app = c.member(0).app;
    Address offline = c.member(OFFLINE).address();
    long jailed = 0;
    for (long h = 1; h <= until && jailed == 0; h++) {
      if (app.chain().validatorSetAfter(h).member(offline) == null) {
        jailed = h;
      }
    }
    assertThat(jailed)
        .as("seed %d: the offline validator is jailed for downtime", SEED)
        .isPositive();
    assertThat(jailed).isLessThan(until - 10);
    for (long h = jailed + 1; h <= until; h++) {
      CommitCertificate cert = app.blocks().certificate(h).orElseThrow();
      assertThat(cert.round())
          .as(
              "seed %d: height %d (jailed at %d) waited for the jailed member's turn",
              SEED, h, jailed)
          .isZero();
    }
    byte[] key = c.member(OFFLINE).key.publicKey().toArray();
    for (int i = 0; i < OFFLINE; i++) {
      var set = c.member(i).consensus.validators();
      assertThat(set.power(set.indexOf(key)))
          .as("seed %d: consensus power of the jailed member at node %d", SEED, i)
          .isZero();
    }
  }

  @Test
  void aBlockWhoseHeaderNamesAnotherProposerIsNeverFinal() {
    SplittableRandom rnd = new SplittableRandom(SEED);
    LedgerCluster c =
        new LedgerCluster(
            "liar",
            Params.DEFAULT,
            new long[] {10_000, 10_000, 10_000, 10_000},
            config("liar", Params.DEFAULT.epochLength()),
            (from, to, m) -> 5 + rnd.nextLong(11),
            // the cluster's keys are deterministic: member 0 names member 1 in its headers
            i -> i == 0 ? KeyPair.deterministic("liar-validator", 1) : null);
    c.start();
    long until = 30;
    assertThat(c.runUntilHeight(until, 1_000_000)).as("seed %d", SEED).isTrue();
    LedgerApp app = c.member(2).app;
    for (long h = 1; h <= until; h++) {
      ConsensusBlock cb = app.blocks().block(h).orElseThrow();
      Block b = app.chain().block(h);
      Integer proposer = c.proposerOf(cb.hash());
      assertThat(proposer).as("seed %d: proposer of height %d", SEED, h).isNotNull();
      assertThat(b.header().proposer())
          .as("seed %d: the header of height %d names the member that proposed it", SEED, h)
          .isEqualTo(c.member(proposer).address());
    }
  }
}

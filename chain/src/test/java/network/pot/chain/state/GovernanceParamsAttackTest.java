package network.pot.chain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.ProposalAction;
import network.pot.chain.tx.VoteOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Governance attacks on the parameters: a token holder proposes a value that halts every node or
 * lets stake escape slashing, and the proposal must be refused when submitted; a change that was
 * sound when proposed but conflicts with one passed since must fail when executed, not halt.
 */
@Tag("attack")
class GovernanceParamsAttackTest {
  private static final Params BASE =
      Params.DEFAULT
          .with("votingPeriod", 5)
          .with("minDeposit", 100)
          .with("minSelfBond", 1)
          .with("epochLength", 1_000);

  private final KeyPair v1 = TestChain.key("v1");
  private final KeyPair holder = TestChain.key("holder");

  private TestChain chain() {
    Map<KeyPair, Long> balances = new LinkedHashMap<>();
    balances.put(holder, 10_000L);
    balances.put(v1, 10L);
    return new TestChain(
        TestChain.genesis(BASE, balances, List.of(v1), 5_000, 0),
        List.of(v1),
        FraudProofChecker.NONE);
  }

  private Outcome propose(TestChain c, String name, long value) {
    return c.run(
        holder,
        new Payload.SubmitProposal(
            "set " + name, new ProposalAction.ParamChange(name, value), 100));
  }

  @Test
  void aBlockRewardThatOverflowsTheSupplyIsRefused() {
    assertThat(propose(chain(), "blockReward", Long.MAX_VALUE / 2))
        .isEqualTo(Outcome.INVALID_PROPOSAL);
  }

  @Test
  void aJailTimeThatOverflowsTheHeightIsRefused() {
    assertThat(propose(chain(), "downtimeJailBlocks", Long.MAX_VALUE - 5))
        .isEqualTo(Outcome.INVALID_PROPOSAL);
  }

  @Test
  void toleratingNoMissedBlockWouldJailEveryoneAndIsRefused() {
    assertThat(propose(chain(), "maxMissedBlocks", 0)).isEqualTo(Outcome.INVALID_PROPOSAL);
  }

  @Test
  void aMissLimitThatProposersLeavingOutPrecommitsCouldReachIsRefused() {
    // the default window is 100 blocks: under a third of the power proposes about 33 of them
    assertThat(propose(chain(), "maxMissedBlocks", 40)).isEqualTo(Outcome.INVALID_PROPOSAL);
    assertThatThrownBy(() -> Params.DEFAULT.with("maxMissedBlocks", 40).crossCheck())
        .hasMessageContaining("half of downtimeWindow");
  }

  @Test
  void anUnbondingPeriodShorterThanTheEvidenceAgeIsRefused() {
    // evidence is accepted for evidenceMaxAge blocks; stake unbonded faster escapes its slash
    assertThat(propose(chain(), "unbondingPeriod", 0)).isEqualTo(Outcome.INVALID_PROPOSAL);
    assertThat(propose(chain(), "unbondingPeriod", BASE.evidenceMaxAge() - 1))
        .isEqualTo(Outcome.INVALID_PROPOSAL);
  }

  @Test
  void theEpochLengthIsNotGovernable() {
    // ledger and consensus would switch validator sets at different heights
    assertThat(propose(chain(), "epochLength", 7)).isEqualTo(Outcome.INVALID_PROPOSAL);
  }

  @Test
  void theEmissionScheduleIsNotGovernable() {
    // stakers collect most of each block's issuance: they could vote it up for themselves
    for (String name : List.of("blockReward", "emissionPeriod", "emissionDecayBps", "supplyCap")) {
      assertThat(propose(chain(), name, 1)).as(name).isEqualTo(Outcome.INVALID_PROPOSAL);
    }
  }

  @Test
  void aChangeThatConflictsWithOnePassedSinceFailsWhenExecutedWithoutHalting() {
    TestChain c = chain();
    assertThat(propose(c, "unbondingPeriod", 150)).isEqualTo(Outcome.OK);
    long first = c.state.globals().nextId() - 1;
    c.block(c.tx(v1, new Payload.Vote(first, VoteOption.YES)));
    c.advanceTo(12);
    assertThat(c.state.params().unbondingPeriod()).isEqualTo(150);
    // each is sound when proposed (evidence 140 <= unbonding 150; unbonding 120 >= evidence 100)
    assertThat(propose(c, "evidenceMaxAge", 140)).isEqualTo(Outcome.OK);
    long second = c.state.globals().nextId() - 1;
    assertThat(propose(c, "unbondingPeriod", 120)).isEqualTo(Outcome.OK);
    long third = c.state.globals().nextId() - 1;
    c.block(
        c.tx(v1, new Payload.Vote(second, VoteOption.YES)),
        c.tx(v1, new Payload.Vote(third, VoteOption.YES)));
    c.advanceTo(30);
    // ... but once the second passed, the third would put unbonding (120) below evidence (140)
    assertThat(c.state.params().evidenceMaxAge()).isEqualTo(140);
    assertThat(c.state.params().unbondingPeriod()).isEqualTo(150);
    assertThat(c.state.proposal(third).status()).isNotEqualTo(GovernanceProposal.Status.PASSED);
    c.block();
    assertThat(c.last.allAccepted()).isTrue();
  }

  @Test
  void noParamsOutsideTheirBoundsCanExistAtAll() {
    assertThatThrownBy(() -> Params.DEFAULT.with("blockReward", Long.MAX_VALUE))
        .hasMessageContaining("blockReward");
    assertThatThrownBy(() -> Params.DEFAULT.with("maxMissedBlocks", 0))
        .hasMessageContaining("maxMissedBlocks");
  }
}

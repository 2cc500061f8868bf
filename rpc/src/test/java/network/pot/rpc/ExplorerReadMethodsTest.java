package network.pot.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.crypto.KeyPair;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Enrollment;
import network.pot.chain.state.Event;
import network.pot.chain.state.GovernanceProposal;
import network.pot.chain.state.LedgerState;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.ProposalAction;
import network.pot.chain.tx.VoteOption;
import network.pot.rpc.json.LedgerViews;
import network.pot.rpc.methods.BlockMethods;
import network.pot.rpc.methods.RpcError;
import network.pot.rpc.methods.RpcMethod;
import network.pot.rpc.methods.StatusMethods;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read methods the explorer's pages stand on: every validator with its status, a validator's
 * delegators and uptime, what each block minted, and why a verifier voted as it did.
 */
class ExplorerReadMethodsTest {
  private RpcTestChain chain;
  private final Map<String, RpcMethod> methods = new HashMap<>();

  @BeforeEach
  void chain() throws Exception {
    chain = new RpcTestChain();
    methods.putAll(new StatusMethods(chain).methods());
    methods.putAll(new BlockMethods(chain).methods());
  }

  private JsonNode call(String method, String params) throws Exception {
    return methods.get(method).call(Json.read(params));
  }

  @Test
  void allValidatorsCarryTheirStatusAndTheDefaultStaysTheActiveSet() throws Exception {
    String validator = Address.of(RpcTestChain.VALIDATOR).toString();
    JsonNode all = call("pot_getValidators", "{\"all\":true}");
    assertThat(all).hasSize(1);
    assertThat(all.get(0).path("address").asText()).isEqualTo(validator);
    assertThat(all.get(0).path("status").asText()).isEqualTo("active");
    assertThat(all.get(0).path("tokens").asLong()).isEqualTo(10_000);
    assertThat(all.get(0).path("commission_bps").asLong()).isEqualTo(500);
    assertThat(all.get(0).path("power").asLong()).isPositive();

    JsonNode active = call("pot_getValidators", "{}");
    assertThat(active).hasSize(1);
    assertThat(active.get(0).has("status")).isFalse();
    assertThat(call("pot_getValidators", "{\"all\":false}")).isEqualTo(active);
    assertThatThrownBy(() -> call("pot_getValidators", "{\"all\":\"yes\"}"))
        .isInstanceOf(RpcError.class)
        .hasMessageContaining("params.all");
  }

  @Test
  void aValidatorListsItsDelegatorsAndWhichRecentBlocksItSigned() throws Exception {
    String validator = Address.of(RpcTestChain.VALIDATOR).toString();
    JsonNode v = call("pot_getValidator", "{\"address\":\"" + validator + "\"}");
    assertThat(v.path("status").asText()).isEqualTo("active");
    assertThat(v.path("self_bond").asLong()).isEqualTo(10_000);
    JsonNode delegators = v.path("delegators");
    assertThat(delegators).hasSize(1);
    assertThat(delegators.get(0).path("delegator").asText()).isEqualTo(validator);
    assertThat(delegators.get(0).path("amount").asLong()).isEqualTo(10_000);
    assertThat(delegators.get(0).path("pending_reward").asLong()).isNotNegative();
    // one block, which carries no commit (genesis has none to sign): nothing to show yet
    assertThat(v.path("uptime")).hasSize(v.path("recent_commits").asInt());
  }

  @Test
  void eachBlockSummarySaysWhatItsRewardMinted() throws Exception {
    JsonNode blocks = call("pot_getBlocks", "{\"from\":1,\"count\":1}");
    long minted =
        chain.blockEvents(1).block().stream()
            .filter(e -> e.type() == Event.Type.MINT)
            .mapToLong(Event::amount)
            .sum();
    assertThat(minted).isPositive();
    assertThat(blocks.get(0).path("minted").asLong()).isEqualTo(minted);
  }

  @Test
  void aVoteSaysWhyAVerifierRejected() {
    Address v = Address.of(KeyPair.deterministic("verdict", 0));
    assertThat(LedgerViews.verdict(new Enrollment.Verdict(v, true)).path("reason").asText())
        .isEqualTo("reproduced");
    assertThat(
            LedgerViews.verdict(new Enrollment.Verdict(v, false, 3, false)).path("reason").asText())
        .isEqualTo("segment 3 does not re-execute to the committed checkpoint");
    JsonNode last =
        LedgerViews.verdict(new Enrollment.Verdict(v, false, Payload.VerificationVote.FINAL, true));
    assertThat(last.path("reason").asText()).contains("final model");
    assertThat(last.path("refuted").asBoolean()).isTrue();
    assertThat(last.path("validator").asText()).isEqualTo(v.toString());
    assertThat(LedgerViews.verdict(new Enrollment.Verdict(v, false)).path("reason").asText())
        .contains("not served");
  }

  @Test
  void aProposalsVotesCarryTheWeightTheTallyCountsThem() {
    LedgerState s = chain.state();
    Address validator = Address.of(RpcTestChain.VALIDATOR);
    Address user = Address.of(RpcTestChain.USER);
    GovernanceProposal p =
        new GovernanceProposal(
            user,
            "<img src=x onerror=alert(1)>",
            new ProposalAction.ParamChange("maxBlockTxs", 100),
            GovernanceProposal.Status.VOTING,
            50,
            10,
            List.of(new GovernanceProposal.Stake(user, 10)),
            List.of(
                new GovernanceProposal.Ballot(validator, VoteOption.YES),
                new GovernanceProposal.Ballot(user, VoteOption.NO)),
            List.of());
    JsonNode view = LedgerViews.proposal(s, 1, p);
    assertThat(view.path("title").asText()).isEqualTo("<img src=x onerror=alert(1)>");
    assertThat(view.path("bonded").asLong()).isEqualTo(10_000);
    // the user holds no stake: its ballot counts nothing; the validator's counts all its tokens
    assertThat(view.path("votes").get(0).path("weight").asLong()).isEqualTo(10_000);
    assertThat(view.path("votes").get(1).path("weight").asLong()).isZero();
    assertThat(view.path("tally").path("yes").asLong()).isEqualTo(10_000);
    assertThat(view.path("tally").path("no").asLong()).isZero();
  }
}

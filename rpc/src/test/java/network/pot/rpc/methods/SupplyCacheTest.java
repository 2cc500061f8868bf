package network.pot.rpc.methods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.base.json.Json;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.RevealChain;
import network.pot.chain.state.FraudProofChecker;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.LedgerState;
import network.pot.chain.state.Params;
import network.pot.chain.state.StateMachine;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.Transaction;
import network.pot.node.api.ChainQuery;
import network.pot.rpc.json.LedgerViews;
import org.junit.jupiter.api.Test;

/**
 * {@code pot_supply} walks the whole state: it must do so once per committed block, however often
 * it is called, and answer what the walk answers.
 */
class SupplyCacheTest {
  private static final String CHAIN = "pot-supply-test";
  private static final KeyPair USER = KeyPair.deterministic("supply-user", 0);
  private static final KeyPair VALIDATOR = KeyPair.deterministic("supply-validator", 0);
  private static final RevealChain REVEALS = RevealChain.of(VALIDATOR, 4);

  private static LedgerState genesis() {
    return new Genesis(
            CHAIN,
            0,
            List.of(new Genesis.Allocation(Address.of(USER), 1_000_000)),
            List.of(
                new Genesis.InitialValidator(VALIDATOR.publicKey(), 10_000, 500, REVEALS.anchor())),
            Params.DEFAULT)
        .state();
  }

  /** The state after one block holding a transfer. */
  private static LedgerState next(LedgerState s) throws Exception {
    Address validator = Address.of(VALIDATOR);
    var tx = new Transaction(CHAIN, 0, 10, new Payload.Transfer(validator, 5)).sign(USER);
    Hash parent = s.globals().lastBlockHash();
    Block b =
        Block.build(
            CHAIN, 1, 1_000, parent, s.root(), validator, REVEALS.value(1), List.of(), List.of(tx));
    FraudProofChecker none = (task, enrollment, proof) -> FraudProofChecker.Verdict.NOT_A_PROOF;
    return new StateMachine(CHAIN, none).apply(s, b).state();
  }

  private static JsonNode supply(RpcMethod m) throws RpcError {
    return m.call(Json.object());
  }

  @Test
  void theStateIsWalkedOncePerHeightAndTheAnswerIsTheWalks() throws Exception {
    AtomicInteger walks = new AtomicInteger();
    SupplyCache cache =
        new SupplyCache(
            s -> {
              walks.incrementAndGet();
              return LedgerViews.supply(s);
            });
    LedgerState h0 = genesis();
    AtomicReference<LedgerState> state = new AtomicReference<>(h0);
    ChainQuery chain =
        (ChainQuery)
            Proxy.newProxyInstance(
                ChainQuery.class.getClassLoader(),
                new Class<?>[] {ChainQuery.class},
                (proxy, method, args) -> method.getName().equals("state") ? state.get() : null);
    RpcMethod m = new StatusMethods(chain, cache).methods().get("pot_supply");

    ObjectNode expected0 = LedgerViews.supply(h0);
    for (int i = 0; i < 50; i++) {
      assertThat(supply(m)).isEqualTo(expected0);
    }
    assertThat(walks.get()).isEqualTo(1);

    // a caller that changes its copy changes nobody else's
    ((ObjectNode) supply(m)).put("supply", -1);
    assertThat(supply(m)).isEqualTo(expected0);

    LedgerState h1 = next(h0);
    assertThat(h1.height()).isEqualTo(1);
    state.set(h1);
    ObjectNode expected1 = LedgerViews.supply(h1);
    for (int i = 0; i < 50; i++) {
      assertThat(supply(m)).isEqualTo(expected1);
    }
    assertThat(walks.get()).isEqualTo(2);
    assertThat(expected1).isNotEqualTo(expected0);
  }
}

package network.pot.rpc.methods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import network.pot.base.crypto.Hash;
import network.pot.base.json.Json;
import network.pot.chain.state.Outcome;
import network.pot.chain.store.ChainStore;
import network.pot.node.api.ChainQuery;
import org.junit.jupiter.api.Test;

/** {@code pot_getTransaction} against a node whose block commits while the method looks. */
class AccountMethodsTest {
  /**
   * A node that commits the block holding {@code hash} right after the method's first question
   * about it: the first question sees the transaction pending and in no block, every later one sees
   * it in block 5 and out of the mempool (a node stores a block, then prunes its mempool).
   */
  private static ChainQuery committingDuringTheLookup(Hash hash) {
    AtomicBoolean committed = new AtomicBoolean();
    return (ChainQuery)
        Proxy.newProxyInstance(
            ChainQuery.class.getClassLoader(),
            new Class<?>[] {ChainQuery.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "isPending" -> !committed.getAndSet(true) && hash.equals(args[0]);
                  case "transaction" ->
                      committed.getAndSet(true) && hash.equals(args[0])
                          ? new ChainStore.TxLocation(5, 0, Outcome.OK)
                          : null;
                  case "events" -> List.of();
                  default -> null;
                });
  }

  @Test
  void aTransactionCommittedWhileItIsLookedUpIsPendingOrAcceptedNeverUnknown() throws Exception {
    Hash hash = Hash.sha256(new byte[] {7});
    AccountMethods methods = new AccountMethods(committingDuringTheLookup(hash), null);
    JsonNode tx =
        methods.methods().get("pot_getTransaction").call(Json.object().put("hash", hash.toHex()));
    assertThat(tx.path("status").asText()).as(tx.toString()).isIn("pending", "accepted");
  }
}

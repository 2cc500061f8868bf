package network.pot.cli.tx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import network.pot.base.crypto.KeyPair;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.Keystore;
import network.pot.cli.CliRun;
import network.pot.cli.OneNode;
import network.pot.cli.devnet.DevnetLayout;
import network.pot.rpc.RpcClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transaction commands against one real node in this JVM: a transfer is final and moves exactly
 * its amount; bad input, refusals and an unreachable node exit with their codes and one line; two
 * commands signing with one key at once both land; a delegation reaches the validator.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TxCommandsTest {
  @TempDir static Path dir;
  private static OneNode one;
  private static RpcClient rpc;
  private static DevnetLayout layout;
  private static String node;

  @BeforeAll
  static void start() throws Exception {
    one = OneNode.start(dir, List.of(OneNode.SMALL), 2);
    rpc = one.rpc;
    layout = one.layout;
    node = one.url();
  }

  @AfterAll
  static void stop() {
    if (one != null) {
      one.close();
    }
  }

  /** {@code pot ARGS... --key user.key --passphrase-file user.pass --node URL}. */
  private static CliRun pot(String... args) {
    return one.pot(args);
  }

  private static JsonNode account(Address a) throws Exception {
    return rpc.call("pot_getAccount", RpcClient.params().put("address", a.toString()));
  }

  private static Address user() throws Exception {
    return Address.of(Keystore.read(layout.userKey(), "devnet".toCharArray()));
  }

  @Test
  void aTransferIsFinalAndMovesExactlyItsAmount() throws Exception {
    Address to = Address.of(KeyPair.generate());
    long before = account(user()).path("balance").asLong();
    CliRun r = pot("send", "--to", to.toString(), "--amount", "1234", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode o = Json.read(r.lastLine());
    assertThat(o.path("hash").asText()).hasSize(64);
    assertThat(o.path("status").asText()).isEqualTo("accepted");
    assertThat(o.path("height").asLong()).isPositive();
    assertThat(o.path("outcome").asText()).isNotEmpty();
    assertThat(account(to).path("balance").asLong()).isEqualTo(1234);
    assertThat(account(user()).path("balance").asLong())
        .isEqualTo(before - 1234 - o.path("fee").asLong());
    JsonNode st =
        rpc.call("pot_getTransaction", RpcClient.params().put("hash", o.path("hash").asText()));
    assertThat(st.path("height").asLong()).isEqualTo(o.path("height").asLong());
  }

  @Test
  void aTransferShowsItsFeeAndTransferEventsInTheTransactionAndBothHistories() throws Exception {
    Address to = Address.of(KeyPair.generate());
    Address from = user();
    CliRun r = pot("send", "--to", to.toString(), "--amount", "777", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode sent = Json.read(r.lastLine());
    String hash = sent.path("hash").asText();
    long fee = sent.path("fee").asLong();

    JsonNode tx = rpc.call("pot_getTransaction", RpcClient.params().put("hash", hash));
    assertThat(tx.path("status").asText()).isEqualTo("accepted");
    assertThat(tx.path("type").asText()).isEqualTo("TRANSFER");
    assertThat(tx.path("sender").asText()).isEqualTo(from.toString());
    assertThat(tx.path("payload").path("amount").asLong()).isEqualTo(777);
    JsonNode expected =
        Json.read(
            "[{\"type\":\"FEE\",\"payer\":\""
                + from
                + "\",\"amount\":"
                + fee
                + "},{\"type\":\"TRANSFER\",\"from\":\""
                + from
                + "\",\"to\":\""
                + to
                + "\",\"amount\":777}]");
    assertThat(tx.path("events")).isEqualTo(expected);

    JsonNode toHistory =
        rpc.call("pot_getHistory", RpcClient.params().put("address", to.toString()));
    assertThat(toHistory.path("entries")).hasSize(1);
    JsonNode received = toHistory.path("entries").get(0);
    assertThat(received.path("hash").asText()).isEqualTo(hash);
    assertThat(received.path("kind").asText()).isEqualTo("transaction");
    assertThat(received.path("events")).isEqualTo(expected);
    assertThat(received.path("balance_change").asLong()).isEqualTo(777);
    assertThat(toHistory.path("next").isNull()).isTrue();

    JsonNode fromHistory =
        rpc.call(
            "pot_getHistory", RpcClient.params().put("address", from.toString()).put("limit", 200));
    JsonNode paid = null;
    for (JsonNode e : fromHistory.path("entries")) {
      if (e.path("hash").asText().equals(hash)) {
        paid = e;
      }
    }
    assertThat(paid).as("the sender's history holds the transfer").isNotNull();
    assertThat(paid.path("events")).isEqualTo(expected);
    assertThat(paid.path("balance_change").asLong()).isEqualTo(-777 - fee);

    // one entry per page, the cursor leading to the next
    JsonNode first =
        rpc.call(
            "pot_getHistory", RpcClient.params().put("address", from.toString()).put("limit", 1));
    assertThat(first.path("entries")).hasSize(1);
    JsonNode second =
        rpc.call(
            "pot_getHistory",
            RpcClient.params()
                .put("address", from.toString())
                .put("limit", 1)
                .put("before", first.path("next").asText()));
    assertThat(second.path("entries").get(0)).isEqualTo(fromHistory.path("entries").get(1));

    CliRun text = CliRun.of("query", "tx", hash, "--node", node);
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("TRANSFER from=" + from + " to=" + to + " amount=777")
        .contains("FEE payer=" + from + " amount=" + fee);
    CliRun history = CliRun.of("query", "history", to.toString(), "--node", node);
    assertThat(history.exitCode()).as(history.err()).isZero();
    assertThat(history.out()).contains(hash).contains("balance +777").contains("amount=777");
    CliRun json =
        CliRun.of("query", "history", from.toString(), "--limit", "1", "--node", node, "--json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(Json.read(json.lastLine()).path("entries").get(0))
        .isEqualTo(first.path("entries").get(0));
    CliRun bad = CliRun.of("query", "history", to.toString(), "--before", "x", "--node", node);
    assertThat(bad.exitCode()).isNotZero();
  }

  @Test
  void aWrongPassphraseExitsTwoAndSendsNothing() throws Exception {
    long nonce = account(user()).path("next_nonce").asLong();
    Path wrong = Files.writeString(dir.resolve("wrong.pass"), "not-it\n");
    CliRun r =
        CliRun.of(
            "send",
            "--to",
            Address.of(KeyPair.generate()).toString(),
            "--amount",
            "5",
            "--key",
            layout.userKey().toString(),
            "--passphrase-file",
            wrong.toString(),
            "--node",
            node);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("wrong passphrase");
    assertThat(account(user()).path("next_nonce").asLong()).isEqualTo(nonce);
  }

  @Test
  void badInputExitsTwo() {
    CliRun r = pot("send", "--to", "pot1nope", "--amount", "5");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("--to");
    assertThat(pot("send", "--to", "x", "--amount", "many").exitCode()).isEqualTo(2);
    assertThat(pot("gov", "vote", "--proposal", "1", "--option", "maybe").exitCode()).isEqualTo(2);
  }

  @Test
  void insufficientFundsAndAnUnknownValidatorExitThree() throws Exception {
    long nonce = account(user()).path("next_nonce").asLong();
    CliRun r =
        pot(
            "send",
            "--to",
            Address.of(KeyPair.generate()).toString(),
            "--amount",
            String.valueOf(DevnetLayout.USER_FUNDS * 10));
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err().strip()).doesNotContain("\n").contains("insufficient funds");
    r =
        pot(
            "stake",
            "delegate",
            "--validator",
            Address.of(KeyPair.generate()).toString(),
            "--amount",
            "10");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("unknown validator");
    assertThat(account(user()).path("next_nonce").asLong()).isEqualTo(nonce);
  }

  @Test
  void anUnreachableNodeExitsOneWithOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRun r =
        CliRun.of(
            "send",
            "--to",
            Address.of(KeyPair.generate()).toString(),
            "--amount",
            "5",
            "--key",
            layout.userKey().toString(),
            "--passphrase-file",
            layout.userPassphrase().toString(),
            "--node",
            "127.0.0.1:" + port);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip())
        .doesNotContain("\n")
        .contains("cannot reach the node at http://127.0.0.1:" + port);
  }

  @Test
  void twoSendsAtOnceFromOneKeyBothLandWithConsecutiveNonces() throws Exception {
    long nonce = account(user()).path("next_nonce").asLong();
    Address to = Address.of(KeyPair.generate());
    CompletableFuture<CliRun> a =
        CompletableFuture.supplyAsync(
            () -> pot("send", "--to", to.toString(), "--amount", "7", "--json"));
    CompletableFuture<CliRun> b =
        CompletableFuture.supplyAsync(
            () -> pot("send", "--to", to.toString(), "--amount", "9", "--json"));
    CliRun ra = a.get(60, TimeUnit.SECONDS);
    CliRun rb = b.get(60, TimeUnit.SECONDS);
    assertThat(ra.exitCode()).as(ra.err()).isZero();
    assertThat(rb.exitCode()).as(rb.err()).isZero();
    long na = Json.read(ra.lastLine()).path("nonce").asLong();
    long nb = Json.read(rb.lastLine()).path("nonce").asLong();
    assertThat(List.of(Math.min(na, nb), Math.max(na, nb))).containsExactly(nonce, nonce + 1);
    assertThat(account(to).path("balance").asLong()).isEqualTo(16);
    assertThat(account(user()).path("nonce").asLong()).isEqualTo(nonce + 2);
  }

  @Test
  void aDelegationReachesTheValidator() throws Exception {
    String v = Address.of(layout.nodes().get(0).key()).toString();
    long before =
        rpc.call("pot_getValidator", RpcClient.params().put("address", v)).path("tokens").asLong();
    CliRun r = pot("stake", "delegate", "--validator", v, "--amount", "5000");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("delegate 5000 to " + v).contains("accepted at height");
    long after =
        rpc.call("pot_getValidator", RpcClient.params().put("address", v)).path("tokens").asLong();
    assertThat(after).isEqualTo(before + 5000);
  }

  @Test
  void aProposalLandsAndAVoteThatFailsWhenAppliedExitsThree() throws Exception {
    CliRun r = pot("gov", "propose", "--title", "signal", "--text", "--deposit", "10", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Json.read(r.lastLine()).path("status").asText()).isEqualTo("accepted");
    assertThat(pot("gov", "propose", "--title", "t", "--deposit", "10").exitCode()).isEqualTo(2);
    r = pot("gov", "vote", "--proposal", "999999", "--option", "yes", "--json");
    assertThat(r.exitCode()).isEqualTo(3);
    JsonNode o = Json.read(r.lastLine());
    assertThat(o.path("status").asText()).isEqualTo("rejected");
    assertThat(o.path("outcome").asText()).isNotEqualTo("OK");
    assertThat(r.err().strip()).doesNotContain("\n").contains("fails when applied");
  }
}

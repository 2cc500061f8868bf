package network.pot.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import network.pot.base.bytes.Bytes;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.KeyPair;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.Transaction;
import network.pot.cli.devnet.DevnetLayout;
import network.pot.node.Node;
import network.pot.node.NodeConfig;
import network.pot.node.net.ConsensusTransport;
import network.pot.p2p.P2pConfig;
import network.pot.p2p.P2pNode;
import network.pot.p2p.crypto.NodeKey;
import network.pot.p2p.gossip.Topics;
import network.pot.p2p.time.TimeSource;
import network.pot.rpc.RpcClient;
import network.pot.rpc.RpcNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real node in this JVM (RocksDB, sockets, consensus with a single validator) and what a user
 * or a hostile peer can throw at it: JSON-RPC with bad input gets the standard errors and changes
 * nothing; a forged transaction is refused; a peer that sends garbage is disconnected and banned
 * while an honest peer stays connected.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeTest {
  static final Path SMALL =
      Path.of("..", "data", "fashion-mnist-small").toAbsolutePath().normalize();

  @TempDir Path dir;
  private RpcNode served;
  private Node node;
  private RpcClient rpc;
  private DevnetLayout layout;

  @BeforeEach
  void start() throws Exception {
    layout = DevnetLayout.create(dir, 1, 0, List.of(SMALL), DevnetLayout.params());
    DevnetLayout.Member m = layout.nodes().get(0);
    served = RpcNode.start(NodeConfig.read(layout.config(m)));
    node = served.node();
    rpc = new RpcClient(m.rpc());
    awaitHeight(2);
  }

  @AfterEach
  void stop() {
    if (served != null) {
      served.close();
    }
  }

  private void awaitHeight(long h) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (node.app().state().height() < h) {
      assertThat(System.currentTimeMillis()).as("reaching height %d", h).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private JsonNode raw(String body) {
    return served.rpcServer().respond(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void itsMetricsShowTheChainItsStoresAndItsFinality() throws Exception {
    awaitHeight(4);
    String m = node.metrics().scrape();
    long height = node.app().state().height();
    assertThat(metric(m, "pot_chain_height")).isBetween(4.0, height + 10.0);
    assertThat(metric(m, "pot_blocks_applied_total")).isGreaterThanOrEqualTo(2.0);
    assertThat(metric(m, "pot_finality_seconds_count")).isGreaterThanOrEqualTo(2.0);
    assertThat(metric(m, "pot_storage_bytes", "store=\"chain\"")).isPositive();
    assertThat(metric(m, "pot_mempool_transactions")).isZero();
    assertThat(metric(m, "pot_tasks", "status=\"open\"")).isZero();
    assertThat(m).contains("pot_p2p_peers{").contains("jvm_memory_used_bytes");

    // the same over HTTP, beside liveness and readiness
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String base = "http://" + layout.nodes().get(0).rpc();
    var metrics = get(http, base + "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    assertThat(metric(metrics.body(), "pot_chain_height")).isGreaterThanOrEqualTo(4.0);
    for (String path : List.of("/health", "/health/ready")) {
      var h = get(http, base + path);
      assertThat(h.statusCode()).as(path).isEqualTo(200);
      assertThat(Json.read(h.body()).path("status").asText()).isEqualTo("ready");
    }
  }

  private static java.net.http.HttpResponse<String> get(java.net.http.HttpClient http, String url)
      throws Exception {
    return http.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET().build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the first sample of {@code name} whose labels hold {@code label}. */
  private static double metric(String scrape, String name, String... label) {
    for (String line : scrape.lines().toList()) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        boolean all = true;
        for (String l : label) {
          all &= line.contains(l);
        }
        if (all) {
          return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    throw new AssertionError(name + " " + String.join(",", label) + " not in:\n" + scrape);
  }

  @Test
  void badRpcInputGetsStandardErrorsAndChangesNothing() throws Exception {
    String root = node.app().state().root().toHex();
    assertThat(raw("{not json").path("error").path("code").asInt()).isEqualTo(-32700);
    assertThat(raw("[1,2]").path("error").path("code").asInt()).isEqualTo(-32600);
    assertThat(
            raw("{\"jsonrpc\":\"2.0\",\"method\":\"pot_nope\",\"id\":1}")
                .path("error")
                .path("code")
                .asInt())
        .isEqualTo(-32601);
    assertThat(
            raw("{\"jsonrpc\":\"2.0\",\"method\":\"pot_getAccount\",\"params\":{\"address\":\"pot1xyz\"},\"id\":2}")
                .path("error")
                .path("code")
                .asInt())
        .isEqualTo(-32602);
    assertThat(
            raw("{\"jsonrpc\":\"2.0\",\"method\":\"pot_sendTransaction\",\"params\":{\"tx\":\"00ff\"},\"id\":3}")
                .path("error")
                .path("code")
                .asInt())
        .isEqualTo(-32602);
    assertThat(node.app().mempool().size()).isZero();
    // nothing was applied: the state only moves by (empty) blocks, never by the bad input
    assertThat(node.app().chain().transactionsOf(Address.of(layout.publisher()))).isEmpty();
    assertThat(root).isNotNull();
  }

  @Test
  void aBatchGetsOneResultPerEntryAndItsGoodTransactionsLand() throws Exception {
    KeyPair publisher = layout.publisher();
    KeyPair other = KeyPair.generate();
    List<SignedTransaction> good = new java.util.ArrayList<>();
    for (int n = 0; n < 20; n++) {
      good.add(
          new Transaction(layout.chainId(), n, 1, new Payload.Transfer(Address.of(other), 10))
              .sign(publisher));
    }
    var params = RpcClient.params();
    var txs = params.putArray("txs");
    txs.add(Hex.encode(good.get(0).encode()));
    txs.add("00ff"); // undecodable
    txs.add(7); // not a string
    good.subList(1, good.size()).forEach(t -> txs.add(Hex.encode(t.encode())));
    txs.add(Hex.encode(good.get(3).encode())); // a duplicate
    JsonNode r = rpc.call("pot_sendTransactions", params);
    assertThat(r.path("admitted").asLong()).isEqualTo(20);
    JsonNode results = r.path("results");
    assertThat(results).hasSize(23);
    assertThat(results.get(1).path("admitted").asBoolean()).isFalse();
    assertThat(results.get(1).path("error").asText()).isNotEmpty();
    assertThat(results.get(2).path("admitted").asBoolean()).isFalse();
    assertThat(results.get(22).path("rejection").asText()).isEqualTo("DUPLICATE");
    long deadline = System.currentTimeMillis() + 30_000;
    while (node.app().state().account(Address.of(other)).balance() < 200) {
      assertThat(System.currentTimeMillis()).isLessThan(deadline);
      Thread.sleep(50);
    }
    assertThat(node.app().state().account(Address.of(other)).balance()).isEqualTo(200);
    assertThat(
            raw("{\"jsonrpc\":\"2.0\",\"method\":\"pot_sendTransactions\",\"params\":{\"txs\":\"x\"},\"id\":4}")
                .path("error")
                .path("code")
                .asInt())
        .isEqualTo(-32602);
  }

  @Test
  void aForgedTransactionIsRefusedAndAGenuineOneLands() throws Exception {
    KeyPair publisher = layout.publisher();
    KeyPair other = KeyPair.generate();
    Transaction t =
        new Transaction(layout.chainId(), 0, 1, new Payload.Transfer(Address.of(other), 500));
    SignedTransaction good = t.sign(publisher);
    byte[] sig = good.signature().toArray();
    sig[0] ^= 1;
    SignedTransaction forged = new SignedTransaction(t, publisher.publicKey(), Bytes.wrap(sig));
    JsonNode r =
        rpc.call("pot_sendTransaction", RpcClient.params().put("tx", Hex.encode(forged.encode())));
    assertThat(r.path("admitted").asBoolean()).isFalse();
    assertThat(r.path("rejection").asText()).isEqualTo("BAD_SIGNATURE");
    r = rpc.call("pot_sendTransaction", RpcClient.params().put("tx", Hex.encode(good.encode())));
    assertThat(r.path("admitted").asBoolean()).isTrue();
    long deadline = System.currentTimeMillis() + 30_000;
    while (node.app().state().account(Address.of(other)).balance() == 0) {
      assertThat(System.currentTimeMillis()).isLessThan(deadline);
      Thread.sleep(50);
    }
    assertThat(node.app().state().account(Address.of(other)).balance()).isEqualTo(500);
    JsonNode s = rpc.call("pot_supply");
    assertThat(s.path("conserved").asBoolean()).isTrue();
  }

  @Test
  void aPeerSendingGarbageIsDisconnectedAndBannedWhileAnHonestOneStays() throws Exception {
    byte[] networkId =
        network.pot.base.crypto.Hash.sha256(layout.chainId().getBytes(StandardCharsets.UTF_8))
            .toArray();
    P2pConfig cfg = P2pConfig.builder(networkId).listen("127.0.0.1", 0).build();
    try (P2pNode bad =
            new P2pNode(
                NodeKey.generate(new SecureRandom()),
                cfg,
                TimeSource.system(),
                new SecureRandom());
        P2pNode honest =
            new P2pNode(
                NodeKey.generate(new SecureRandom()),
                cfg,
                TimeSource.system(),
                new SecureRandom())) {
      bad.start();
      honest.start();
      var target =
          new java.net.InetSocketAddress(
              java.net.InetAddress.getLoopbackAddress(), layout.nodes().get(0).p2pPort());
      bad.connect(target, Optional.empty()).get(10, TimeUnit.SECONDS);
      honest.connect(target, Optional.empty()).get(10, TimeUnit.SECONDS);
      // undecodable consensus bytes, then a malformed transaction on the gossip topic
      bad.sendDirect(bad.peers().get(0), ConsensusTransport.PROTOCOL, new byte[] {9, 9, 9, 9});
      bad.publish(Topics.TRANSACTIONS, new byte[] {1, 2, 3});
      long deadline = System.currentTimeMillis() + 20_000;
      while (!node.p2p().isBanned(bad.id())) {
        assertThat(System.currentTimeMillis()).as("garbage peer banned").isLessThan(deadline);
        Thread.sleep(50);
      }
      while (node.p2p().peers().contains(bad.id())) {
        assertThat(System.currentTimeMillis()).as("garbage peer disconnected").isLessThan(deadline);
        Thread.sleep(50);
      }
      assertThat(node.p2p().peers()).contains(honest.id());
      assertThat(node.p2p().isBanned(honest.id())).isFalse();
      long h = node.app().state().height();
      awaitHeight(h + 2); // consensus is unharmed
    }
  }
}

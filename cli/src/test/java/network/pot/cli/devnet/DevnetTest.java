package network.pot.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import network.pot.chain.crypto.Address;
import network.pot.node.work.Datasets;
import network.pot.rpc.RpcClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network end to end: 4 validators and 2 miners, each an OS process with real sockets on
 * loopback and its own RocksDB, training on the committed Fashion-MNIST subset. A task goes through
 * publish, enrollment, training by both miners, committee verification by exact re-execution, and
 * payout; the ledger must balance to the base unit on every node.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class DevnetTest {
  static final Path SMALL =
      Path.of("..", "data", "fashion-mnist-small").toAbsolutePath().normalize();

  @TempDir Path dir;
  private Devnet devnet;

  private Devnet devnet(int untilTasks) throws IOException {
    return devnet(untilTasks, Map.of());
  }

  /** A devnet whose nodes (by name) get extra config lines, e.g. a {@code [faults]} table. */
  private Devnet devnet(int untilTasks, Map<String, String> extra) throws IOException {
    DevnetLayout layout = DevnetLayout.create(dir, 4, 2, List.of(SMALL), DevnetLayout.params());
    for (DevnetLayout.Member m : layout.nodes()) {
      if (extra.containsKey(m.name())) {
        Files.writeString(
            layout.config(m), "\n" + extra.get(m.name()) + "\n", StandardOpenOption.APPEND);
      }
    }
    Devnet.Options o =
        new Devnet.Options(dir, 4, 2, SMALL, true, untilTasks, 100, 25, 2, 400, false);
    devnet = new Devnet(o, layout, System.out);
    devnet.start();
    return devnet;
  }

  @AfterEach
  void stop() throws IOException {
    if (devnet != null) {
      devnet.close();
      for (DevnetLayout.Member m : devnet.layout().nodes()) {
        Path log = devnet.layout().log(m);
        if (Files.exists(log)) {
          List<String> lines = Files.readAllLines(log);
          System.out.println("---- last lines of " + m.name() + " ----");
          lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(System.out::println);
        }
      }
    }
  }

  @Test
  void aTaskIsTrainedByBothMinersVerifiedAndPaid() throws Exception {
    ObjectNode s = devnet(1).run();
    System.out.println(s.toPrettyString());
    assertThat(s.path("tasks_completed").asLong()).isEqualTo(1);
    JsonNode task = s.path("tasks").get(0);
    JsonNode miners = task.path("miners");
    assertThat(miners).hasSize(2);
    double best = 0;
    for (JsonNode m : miners) {
      assertThat(m.path("status").asText()).isEqualTo("ACCEPTED");
      assertThat(m.path("votes_accept").asLong()).isGreaterThanOrEqualTo(3);
      best = Math.max(best, m.path("accuracy").asDouble());
    }
    assertThat(task.path("winner").asText()).startsWith("miner-");
    assertThat(task.path("accuracy").asDouble()).isEqualTo(best);
    JsonNode r = s.path("rewards_by_role");
    // the data provider earns its fee per use, less the fee of its registration transaction
    assertThat(r.path("data_provider").asLong()).isEqualTo(20_000 - 1);
    assertThat(r.path("validators").asLong()).isPositive();
    assertThat(r.path("miners").asLong()).isPositive();
    assertThat(r.path("treasury").asLong()).isPositive();
    assertThat(s.path("supply_conserved").asBoolean()).isTrue();
    assertThat(s.path("nodes_agree").asBoolean()).isTrue();
    // only validator-0 holds the data on disk: the miners trained on copies fetched from peers
    for (DevnetLayout.Member m : devnet.layout().nodes()) {
      if (!m.validator()) {
        assertThat(Files.readString(devnet.layout().log(m)))
            .as(m.name())
            .contains("fetched dataset " + Datasets.hashOf(SMALL).toHex().substring(0, 12));
      }
    }
  }

  // under -Plong: not yet reliable on a loaded 2-core machine (see the README)
  @Test
  @Tag("long")
  void aValidatorKilledMidTaskCatchesUpAndAgrees() throws Exception {
    Devnet d = devnet(1);
    CompletableFuture<ObjectNode> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return d.run();
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    d.awaitHeight(8, 120_000);
    d.kill(3);
    long h = d.rpc(0).call("pot_status").path("height").asLong();
    d.awaitHeight(h + 10, 120_000, 0, 1, 2);
    d.restart(3);
    long now = d.rpc(0).call("pot_status").path("height").asLong();
    d.awaitHeight(now, 120_000, 3);
    ObjectNode s = run.get(400, TimeUnit.SECONDS);
    System.out.println(s.toPrettyString());
    assertThat(s.path("tasks_completed").asLong()).isEqualTo(1);
    assertThat(s.path("supply_conserved").asBoolean()).isTrue();
    assertThat(s.path("nodes_agree").asBoolean()).isTrue();
    long agreed = s.path("agreed_height").asLong();
    String root = null;
    for (int i = 0; i < 4; i++) {
      JsonNode b = d.rpc(i).call("pot_getBlock", RpcClient.params().put("height", agreed));
      if (root != null) {
        assertThat(b.path("state_root").asText()).as("state root of node %d", i).isEqualTo(root);
      }
      root = b.path("state_root").asText();
    }
  }

  // under -Plong: not yet reliable on a loaded 2-core machine (see the README)
  @Test
  @Tag("long")
  void aFabricatedProofIsRejectedAndADoubleSignerSlashedAndJailed() throws Exception {
    Devnet d =
        devnet(
            1,
            Map.of(
                "validator-3", "[faults]\ndouble_sign = true",
                "miner-1", "[faults]\nfabricate_proof = true"));
    d.exclude(3); // honest peers may cut the double signer off; it need not keep up
    ObjectNode s = d.run();
    System.out.println(s.toPrettyString());
    JsonNode task = s.path("tasks").get(0);
    assertThat(task.path("winner").asText()).isEqualTo("miner-0");
    for (JsonNode m : task.path("miners")) {
      if (m.path("miner").asText().equals("miner-1")) {
        assertThat(m.path("status").asText()).isEqualTo("REJECTED");
        assertThat(m.path("votes_reject").asLong()).isGreaterThanOrEqualTo(2);
      } else {
        assertThat(m.path("status").asText()).isEqualTo("ACCEPTED");
      }
    }
    DevnetLayout.Member cheat = d.layout().nodes().get(5);
    long balance =
        d.rpc(0)
            .call(
                "pot_getAccount",
                RpcClient.params().put("address", Address.of(cheat.key()).toString()))
            .path("balance")
            .asLong();
    // its bond (10,000) went to the treasury, and it paid two transaction fees
    assertThat(balance).isEqualTo(10_000_000L - 10_000 - 2);
    DevnetLayout.Member signer = d.layout().nodes().get(3);
    JsonNode v =
        d.rpc(0)
            .call(
                "pot_getValidator",
                RpcClient.params().put("address", Address.of(signer.key()).toString()));
    assertThat(v.path("jailed").asBoolean()).isTrue();
    assertThat(v.path("tombstoned").asBoolean()).isTrue();
    assertThat(v.path("active").asBoolean()).isFalse();
    // 5% of its 1,000,000 self-bond slashed
    assertThat(v.path("tokens").asLong()).isEqualTo(950_000);
    assertThat(s.path("supply_conserved").asBoolean()).isTrue();
    assertThat(s.path("nodes_agree").asBoolean()).isTrue();
  }
}

package network.pot.cli.netns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import network.pot.base.json.Json;
import network.pot.cli.CliRun;
import network.pot.cli.Main;
import network.pot.cli.devnet.Devnet;
import network.pot.rpc.RpcClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network across hosts: four validators in four Linux network namespaces of their own, each link
 * through a relay that delays every chunk 50 ± 20 ms and loses 1% of them (a retransmission timeout
 * each), made by the genesis ceremony as operators would run it. Then:
 *
 * <ul>
 *   <li>they finalize blocks through the slow links;
 *   <li>a fifth host knowing one seed address state-syncs, is funded, creates a validator and signs
 *       blocks;
 *   <li>one validator's host is cut off for 30 s and healed: the others go on, a transaction sent
 *       meanwhile stays final, no two nodes disagree on a block, the cut one catches up;
 *   <li>a validator is killed with {@code kill -9} and restarted: it signs again and is never
 *       slashed for double signing;
 *   <li>the state-synced validator unbonds and leaves the signers.
 * </ul>
 *
 * Profile {@code netns} (needs root); the namespaces, bridge and relays are removed even when the
 * test fails. Seed {@code -Dpot.netns.seed} (printed) picks names, subnet and the relays' delays.
 */
@Tag("netns")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class MultiHostTest {
  static final String CHAIN = "pot-netns";
  static final int VALIDATORS = 4;
  static final long DELAY_MS = 50;
  static final long JITTER_MS = 20;
  static final double LOSS = 0.01;

  @TempDir Path dir;

  private final long seed = Long.getLong("pot.netns.seed", System.nanoTime());
  private final Hosts hosts = new Hosts(seed);
  private final List<Relay> relays = new ArrayList<>();
  private final Map<Integer, Process> nodes = new HashMap<>();
  private final Map<Integer, JsonNode> inits = new HashMap<>();
  private Path pass;

  @AfterEach
  void tearDown() {
    nodes.values().forEach(Process::destroyForcibly);
    for (Process p : nodes.values()) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    relays.forEach(Relay::close);
    hosts.close();
    // the hosts' logs outlive the run, for a failure's post-mortem
    try (var logs = Files.newDirectoryStream(dir, "host-*.log")) {
      Path keep = Files.createDirectories(Path.of("target", "netns-logs"));
      for (Path l : logs) {
        Files.copy(
            l, keep.resolve(l.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      System.err.println("could not keep the hosts' logs: " + e);
    }
  }

  private Path home(int i) {
    return dir.resolve("host-" + i);
  }

  private Path log(int i) {
    return dir.resolve("host-" + i + ".log");
  }

  private String rpc(int i) {
    return hosts.ip(i) + ":8545";
  }

  /** Port of the relay through which host {@code from} dials host {@code to}. */
  private static int relayPort(int from, int to) {
    return 21000 + 10 * from + to;
  }

  private JsonNode pot(int host, String... args) throws Exception {
    List<String> cmd = hosts.inHost(host, Devnet.javaCommand(Main.class.getName(), args));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log(host).toFile()))
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("pot %s", String.join(" ", args)).isTrue();
    List<String> lines = Files.readAllLines(log(host));
    assertThat(p.exitValue()).as("pot %s: %s", String.join(" ", args), lines).isZero();
    String last = lines.get(lines.size() - 1);
    return last.startsWith("{") ? Json.read(last) : null;
  }

  private static JsonNode ok(CliRun r) throws IOException {
    assertThat(r.exitCode()).as("stderr: " + r.err() + "\nstdout: " + r.out()).isZero();
    return Json.read(r.lastLine());
  }

  private void init(int i, List<String> peers) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "init",
                "--home",
                home(i).toString(),
                "--moniker",
                "operator-" + i,
                "--chain-id",
                CHAIN,
                "--listen",
                hosts.ip(i) + ":26656",
                "--rpc",
                rpc(i),
                "--passphrase-file",
                pass.toString(),
                "--json"));
    for (String p : peers) {
      args.addAll(List.of("--peers", p));
    }
    inits.put(i, pot(i, args.toArray(String[]::new)));
    Path config = home(i).resolve("config.toml");
    // validators meet only through the relays (no peer exchange, which would link them directly),
    // all of which connect from the bridge's one address; snapshots every 20 blocks for joiners
    Files.writeString(
        config,
        Files.readString(config)
                .replace(
                    "[p2p]\n",
                    "[p2p]\npeer_exchange = "
                        + (i > VALIDATORS)
                        + "\nmax_inbound_per_ip = 64\nmax_inbound_per_subnet = 64\n")
            + "\n[state_sync]\nsnapshot_interval = 20\n");
  }

  private Process start(int i, String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("node", "--home", home(i).toString(), "--passphrase-file", pass.toString()));
    args.addAll(List.of(extra));
    Process p =
        new ProcessBuilder(
                hosts.inHost(
                    i, Devnet.javaCommand(Main.class.getName(), args.toArray(String[]::new))))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log(i).toFile()))
            .start();
    nodes.put(i, p);
    return p;
  }

  private void awaitLog(int i, String text, long millis) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    while (!Files.readString(log(i)).contains(text)) {
      assertThat(nodes.get(i).isAlive()).as("host %d running (seed %d)", i, seed).isTrue();
      assertThat(System.currentTimeMillis())
          .as("host %d logging '%s' (seed %d)", i, text, seed)
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private long height(int i) {
    try {
      return new RpcClient(rpc(i)).call("pot_status").path("height").asLong();
    } catch (IOException e) {
      return -1;
    }
  }

  private long awaitHeight(int i, long h, long millis) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    long now;
    while ((now = height(i)) < h) {
      assertThat(System.currentTimeMillis())
          .as("host %d reaching height %d, at %d (seed %d)", i, h, now, seed)
          .isLessThan(deadline);
      Thread.sleep(100);
    }
    return now;
  }

  private JsonNode block(int i, long h) throws IOException {
    ObjectNode p = Json.object().put("height", h);
    return new RpcClient(rpc(i)).call("pot_getBlock", p);
  }

  /** The first height at or after {@code from} whose block lists {@code address} as a signer. */
  private long awaitSigned(int i, String address, long from, long millis) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    long h = from;
    while (true) {
      assertThat(System.currentTimeMillis())
          .as("%s signing a block from height %d (seed %d)", address, from, seed)
          .isLessThan(deadline);
      if (height(i) >= h) {
        for (JsonNode a : block(i, h).path("last_commit")) {
          if (a.asText().equals(address)) {
            return h;
          }
        }
        h++;
      } else {
        Thread.sleep(100);
      }
    }
  }

  private JsonNode tx(int keyHost, int viaHost, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--key",
            home(keyHost).resolve("node.key").toString(),
            "--passphrase-file",
            pass.toString(),
            "--node",
            "http://" + rpc(viaHost),
            "--json"));
    JsonNode o = ok(CliRun.of(all.toArray(String[]::new)));
    assertThat(o.path("status").asText()).as(o.toString()).isEqualTo("accepted");
    return o;
  }

  private String address(int i) {
    return inits.get(i).path("address").asText();
  }

  @Test
  void validatorsOnFourHostsFinalizeThroughSlowLinksAndSurviveJoinsCutsAndKills() throws Exception {
    String why = Hosts.unavailable();
    Assumptions.assumeTrue(why == null, why);
    System.out.printf("netns seed %d (-Dpot.netns.seed=%d)%n", seed, seed);
    hosts.create(VALIDATORS + 1);
    pass = dir.resolve("operator.pass");
    Files.writeString(pass, "a long passphrase only these hosts know\n");

    // the relays: host i dials each j < i through one of its own
    for (int i = 2; i <= VALIDATORS; i++) {
      for (int j = 1; j < i; j++) {
        relays.add(
            new Relay(
                new InetSocketAddress(hosts.gateway(), relayPort(i, j)),
                new InetSocketAddress(hosts.ip(j), 26656),
                DELAY_MS,
                JITTER_MS,
                LOSS,
                seed * 31 + i * 7L + j));
      }
    }

    // the genesis ceremony: every operator inits its home on its host, the coordinator writes the
    // accounts, every operator signs its offer on its host, the coordinator collects them
    for (int i = 1; i <= VALIDATORS; i++) {
      List<String> peers = new ArrayList<>();
      for (int j = 1; j < i; j++) {
        peers.add(
            inits.get(j).path("node_id").asText() + "@" + hosts.gateway() + ":" + relayPort(i, j));
      }
      init(i, peers);
    }
    Path genesis = dir.resolve("genesis.json");
    CliRun made = CliRun.of("genesis", "new", "--chain-id", CHAIN, "--out", genesis.toString());
    assertThat(made.exitCode()).as(made.err()).isZero();
    for (int i = 1; i <= VALIDATORS; i++) {
      CliRun r =
          CliRun.of(
              "genesis",
              "add-account",
              "--genesis",
              genesis.toString(),
              "--address",
              address(i),
              "--amount",
              "5000000");
      assertThat(r.exitCode()).as(r.err()).isZero();
    }
    List<String> collect =
        new ArrayList<>(List.of("genesis", "collect", "--genesis", genesis.toString()));
    for (int i = 1; i <= VALIDATORS; i++) {
      Files.copy(genesis, home(i).resolve("genesis.json"));
      Path gentx = dir.resolve("gentx-" + i + ".json");
      pot(
          i,
          "genesis",
          "gentx",
          "--home",
          home(i).toString(),
          "--self-bond",
          "1000000",
          "--commission",
          "500",
          "--out",
          gentx.toString(),
          "--passphrase-file",
          pass.toString());
      collect.add(gentx.toString());
    }
    CliRun collected = CliRun.of(collect.toArray(String[]::new));
    assertThat(collected.exitCode()).as(collected.err()).isZero();
    CliRun valid = CliRun.of("genesis", "validate", genesis.toString());
    assertThat(valid.exitCode()).as(valid.err()).isZero();
    for (int i = 1; i <= VALIDATORS; i++) {
      Files.copy(
          genesis,
          home(i).resolve("genesis.json"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    // 1. four validators finalize through the slow, lossy links
    for (int i = 1; i <= VALIDATORS; i++) {
      start(i);
    }
    for (int i = 1; i <= VALIDATORS; i++) {
      awaitLog(i, "serves JSON-RPC", 120_000);
    }
    awaitHeight(1, 10, 180_000);
    long t0 = System.nanoTime();
    long h0 = height(1);
    long h1 = awaitHeight(1, h0 + 20, 180_000);
    double perBlock = (System.nanoTime() - t0) / 1e6 / (h1 - h0);
    long relayed = relays.stream().mapToLong(Relay::bytes).sum();
    System.out.printf(
        "4 validators, links %d ± %d ms and %.0f%% loss: %.0f ms per block, %d chunks lost, %d bytes"
            + " relayed%n",
        DELAY_MS,
        JITTER_MS,
        LOSS * 100,
        perBlock,
        relays.stream().mapToLong(Relay::lost).sum(),
        relayed);

    // 2. a fifth host knowing one seed state-syncs, is funded, becomes a validator and signs
    int late = VALIDATORS + 1;
    awaitHeight(1, 41, 180_000);
    init(late, List.of());
    Files.copy(genesis, home(late).resolve("genesis.json"));
    String seedAddress = inits.get(1).path("node_id").asText() + "@" + hosts.ip(1) + ":26656";
    start(late, "--state-sync", "--seeds", seedAddress);
    awaitLog(late, "state-synced to height", 180_000);
    awaitHeight(late, height(1), 120_000);
    tx(1, 1, "send", "--to", address(late), "--amount", "2000000");
    tx(late, late, "stake", "create-validator", "--self-bond", "1000000", "--commission", "800");
    long signedAt = awaitSigned(1, address(late), height(1), 180_000);
    System.out.printf("the state-synced host signs from height %d%n", signedAt);

    // 3. one validator's host cut off for 30 s: the rest go on and a transfer stays final
    int cut = VALIDATORS;
    long before = height(1);
    hosts.cut(cut);
    long cutAt = System.currentTimeMillis();
    JsonNode sent = tx(2, 1, "send", "--to", address(3), "--amount", "12345");
    String hash = sent.path("hash").asText();
    Thread.sleep(Math.max(0, 30_000 - (System.currentTimeMillis() - cutAt)));
    long during = height(1);
    assertThat(during)
        .as("the others finalize while host %d is cut off", cut)
        .isGreaterThan(before + 5);
    hosts.heal(cut);
    awaitHeight(cut, during + 3, 180_000);
    JsonNode onCut = ok(CliRun.of("query", "tx", hash, "--node", "http://" + rpc(cut), "--json"));
    assertThat(onCut.path("status").asText()).as(onCut.toString()).isEqualTo("accepted");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("state-synced to height (\\d+)")
            .matcher(Files.readString(log(late)));
    assertThat(m.find()).isTrue();
    long syncedAt = Long.parseLong(m.group(1));
    for (long h = 1; h <= during; h++) {
      String hashAt = block(1, h).path("hash").asText();
      for (int i = 2; i <= late; i++) {
        if (i == late && h <= syncedAt) {
          continue; // the state-synced host holds the blocks after its snapshot only
        }
        assertThat(block(i, h).path("hash").asText())
            .as("block %d on host %d (seed %d)", h, i, seed)
            .isEqualTo(hashAt);
      }
    }
    System.out.printf(
        "host %d cut off for 30 s caught up; blocks 1..%d agree on every host%n", cut, during);

    // 4. a validator killed with kill -9 mid-height signs again after a restart, never twice
    int killed = 2;
    nodes.get(killed).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    long killedAt = height(1);
    // four of five validators (80% of the power) still finalize while it is down
    long whileDown = awaitHeight(1, killedAt + 3, 60_000);
    start(killed);
    awaitLog(killed, "serves JSON-RPC", 120_000);
    // a block's header lists the signers of its parent: from two blocks after the restart on,
    // a listed signature is one the restarted process made
    long restartedAt = height(1);
    long again = awaitSigned(1, address(killed), restartedAt + 2, 180_000);
    System.out.printf(
        "host %d killed at height %d (the others reached %d without it), restarted at %d, signs"
            + " again at %d%n",
        killed, killedAt, whileDown, restartedAt, again);
    awaitHeight(1, again + 10, 120_000);
    for (int i = 1; i <= late; i++) {
      JsonNode v =
          ok(CliRun.of("query", "validator", address(i), "--node", "http://" + rpc(1), "--json"));
      assertThat(v.path("tombstoned").asBoolean())
          .as("validator %d tombstoned: %s", i, v)
          .isFalse();
    }
    for (int i = 1; i <= late; i++) {
      assertThat(Files.readString(log(i)))
          .as("host %d log", i)
          .doesNotContain("detected double signing");
    }

    // 5. leaving works the same way: the state-synced validator unbonds its whole self-bond and
    // is out of the signers from the next epoch on
    tx(late, late, "stake", "unbond", "--amount", "1000000");
    long left = awaitHeight(1, height(1) + 25, 180_000);
    for (long h = left; h < left + 10; h++) {
      awaitHeight(1, h, 60_000);
      for (JsonNode a : block(1, h).path("last_commit")) {
        assertThat(a.asText())
            .as("block %d signed by the validator that left", h)
            .isNotEqualTo(address(late));
      }
    }
    System.out.printf("the state-synced validator unbonded and signs no block from %d on%n", left);
  }
}

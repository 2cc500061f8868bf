package network.pot.cli.genesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.cli.CliRun;
import network.pot.cli.output.ExitCodes;
import network.pot.node.NodeConfig;
import network.pot.p2p.peer.PeerAddress;
import network.pot.rpc.RpcNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three operators make a network the way they would on three machines, only through {@code pot}:
 * each runs {@code pot init}; a coordinator makes the genesis file and adds their accounts; each
 * signs an offer with {@code pot genesis gentx}; the coordinator collects them (a tampered, a
 * foreign, a repeated and an unfunded offer are refused and change nothing); everyone validates the
 * file, and the three nodes started from their homes finalize blocks together with the three
 * collected validators, each self-bond taken from its genesis balance.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GenesisCeremonyTest {
  private static final String CHAIN = "pot-ceremony";
  private static final int N = 3;

  @TempDir Path dir;
  private final List<RpcNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(RpcNode::close);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static JsonNode json(CliRun r) throws IOException {
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
    return Json.read(r.lastLine());
  }

  @Test
  void threeOperatorsMakeAGenesisAndTheirNodesFinalizeTogether() throws Exception {
    Path pass = dir.resolve("pass");
    Files.writeString(pass, "a passphrase for the ceremony\n");
    int[] p2p = new int[N];
    for (int i = 0; i < N; i++) {
      p2p[i] = freePort();
    }
    List<Path> homes = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    List<String> nodeIds = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      Path home = dir.resolve("validator-" + i);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "init",
                  "--home",
                  home.toString(),
                  "--moniker",
                  "validator-" + i,
                  "--chain-id",
                  CHAIN,
                  "--listen",
                  "127.0.0.1:" + p2p[i],
                  "--rpc",
                  "127.0.0.1:" + freePort(),
                  "--passphrase-file",
                  pass.toString(),
                  "--json"));
      StringBuilder peers = new StringBuilder();
      for (int j = 0; j < i; j++) {
        peers.append(peers.length() == 0 ? "" : ",").append("127.0.0.1:").append(p2p[j]);
      }
      if (i > 0) {
        args.addAll(List.of("--peers", peers.toString()));
      }
      JsonNode init = json(CliRun.of(args.toArray(String[]::new)));
      assertThat(init.path("node_id").asText()).hasSize(64);
      addresses.add(init.path("address").asText());
      nodeIds.add(init.path("node_id").asText());
      homes.add(home);
    }
    assertThat(
            CliRun.of(
                    "init",
                    "--home",
                    homes.get(0).toString(),
                    "--moniker",
                    "again",
                    "--chain-id",
                    CHAIN,
                    "--passphrase-file",
                    pass.toString())
                .err())
        .contains("already initialized");

    Path genesis = dir.resolve("genesis.json");
    assertThat(
            CliRun.of("genesis", "new", "--chain-id", CHAIN, "--out", genesis.toString())
                .exitCode())
        .isZero();
    for (int i = 0; i < N; i++) {
      long amount = i == N - 1 ? 500 : 2_000_000; // the last is funded below its self-bond at first
      assertThat(
              CliRun.of(
                      "genesis",
                      "add-account",
                      "--genesis",
                      genesis.toString(),
                      "--address",
                      addresses.get(i),
                      "--amount",
                      Long.toString(amount))
                  .exitCode())
          .isZero();
    }
    List<Path> offers = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      Files.copy(genesis, homes.get(i).resolve("genesis.json"));
      Path offer = dir.resolve("gentx-" + i + ".json");
      CliRun r =
          CliRun.of(
              "genesis",
              "gentx",
              "--home",
              homes.get(i).toString(),
              "--self-bond",
              "1000000",
              "--commission",
              "500",
              "--out",
              offer.toString(),
              "--passphrase-file",
              pass.toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
      offers.add(offer);
    }

    // offers the coordinator must refuse, each leaving the file as it was
    String before = Files.readString(genesis);
    ObjectNode tampered = (ObjectNode) Json.read(Files.readString(offers.get(0)));
    tampered.put("self_bond", 1_500_000);
    Path forged = dir.resolve("forged.json");
    Files.writeString(forged, Json.write(tampered));
    ObjectNode foreign = (ObjectNode) Json.read(Files.readString(offers.get(1)));
    Path otherChain = dir.resolve("other-chain.json");
    Files.writeString(otherChain, Json.write(foreign.put("chain_id", "pot-other")));
    for (List<Path> bad :
        List.of(
            List.of(offers.get(0), forged),
            List.of(otherChain),
            List.of(offers.get(1), offers.get(1)),
            List.of(offers.get(0), offers.get(1), offers.get(2)))) {
      List<String> args =
          new ArrayList<>(List.of("genesis", "collect", "--genesis", genesis.toString()));
      bad.forEach(p -> args.add(p.toString()));
      CliRun r = CliRun.of(args.toArray(String[]::new));
      assertThat(r.exitCode()).as("collect %s: %s", bad, r.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(Files.readString(genesis)).isEqualTo(before);
    }
    assertThat(CliRun.of("genesis", "validate", genesis.toString()).exitCode())
        .as("no validators yet")
        .isEqualTo(ExitCodes.USAGE);

    // the last operator is funded enough, and every offer goes in
    Path fixed = dir.resolve("genesis-fixed.json");
    Files.writeString(fixed, before.replace("\"balance\" : 500", "\"balance\" : 2000000"));
    Files.move(fixed, genesis, StandardCopyOption.REPLACE_EXISTING);
    List<String> all =
        new ArrayList<>(List.of("genesis", "collect", "--genesis", genesis.toString()));
    offers.forEach(p -> all.add(p.toString()));
    assertThat(CliRun.of(all.toArray(String[]::new)).exitCode()).isZero();
    JsonNode valid = json(CliRun.of("genesis", "validate", genesis.toString(), "--json"));
    assertThat(valid.path("validators").asInt()).isEqualTo(N);
    assertThat(valid.path("supply").asLong()).isEqualTo(N * 2_000_000L);

    for (Path home : homes) {
      Files.copy(genesis, home.resolve("genesis.json"), StandardCopyOption.REPLACE_EXISTING);
      nodes.add(
          RpcNode.start(NodeConfig.read(home.resolve("config.toml")).withKeyPassphraseFile(pass)));
    }
    long deadline = System.currentTimeMillis() + 120_000;
    while (nodes.stream().anyMatch(n -> n.node().state().height() < 4)) {
      assertThat(System.currentTimeMillis()).as("three nodes reach height 4").isLessThan(deadline);
      Thread.sleep(100);
    }
    var first = nodes.get(0).node();
    for (RpcNode n : nodes) {
      assertThat(n.node().block(3).hash()).isEqualTo(first.block(3).hash());
    }
    var set = first.state().validatorSet();
    assertThat(set.members()).hasSize(N);
    for (String a : addresses) {
      Address v = Address.parse(a);
      assertThat(set.member(v)).as("validator %s active", a).isNotNull();
      assertThat(first.state().validator(v).tokens()).isEqualTo(1_000_000);
    }

    // a fourth machine knows one seed: peer exchange finds it the others, it follows the chain,
    // and after a restart without the seed it is back (its address book and the others remember)
    Path home = dir.resolve("observer");
    json(
        CliRun.of(
            "init",
            "--home",
            home.toString(),
            "--moniker",
            "observer",
            "--chain-id",
            CHAIN,
            "--listen",
            "127.0.0.1:" + freePort(),
            "--rpc",
            "127.0.0.1:" + freePort(),
            "--passphrase-file",
            pass.toString(),
            "--json"));
    Files.copy(genesis, home.resolve("genesis.json"));
    NodeConfig observer = NodeConfig.read(home.resolve("config.toml")).withKeyPassphraseFile(pass);
    RpcNode seeded =
        RpcNode.start(
            observer.withSeeds(
                List.of(PeerAddress.parse("seed", nodeIds.get(0) + "@127.0.0.1:" + p2p[0]))));
    nodes.add(seeded);
    awaitPeersAndHeight(seeded, N, first.state().height() + 2);
    seeded.close();
    nodes.remove(seeded);
    assertThat(Files.readString(home.resolve("data").resolve("addrbook.txt")))
        .contains(nodeIds.get(0))
        .contains(nodeIds.get(1))
        .contains(nodeIds.get(2));
    RpcNode restarted = RpcNode.start(observer);
    nodes.add(restarted);
    awaitPeersAndHeight(restarted, N, first.state().height() + 2);
  }

  private static void awaitPeersAndHeight(RpcNode n, int peers, long height)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (n.node().peerCount() < peers || n.node().state().height() < height) {
      assertThat(System.currentTimeMillis())
          .as(
              "%d peers (has %d), height %d (at %d)",
              peers, n.node().peerCount(), height, n.node().state().height())
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}

package network.pot.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import network.pot.cli.CliRun;
import network.pot.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user on a devnet (four validators and two miners in this JVM, talking over loopback), who
 * does everything through the {@code pot} commands: makes two keys and funds them with {@code pot
 * send}; creates a validator and runs its node with {@code pot devnet join}, and the validator
 * becomes active at the next epoch and signs blocks; the second key delegates to it, earns, and
 * withdraws exactly what the events report, then undelegates and gets the stake back after the
 * unbonding period; a parameter change passes by stake-weighted vote and is in force; a dataset
 * registered and a task published by command settle, and the dataset's earnings show.
 */
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class NewUserTest {
  private static final String PASS = "correct horse battery staple";

  @TempDir Path dir;

  private String node;
  private Path net;
  private Path pass;

  @Test
  void aNewUserFundsStakesDelegatesEarnsVotesAndPublishesByCommand() throws Exception {
    net = dir.resolve("devnet");
    DevnetLayout layout = DevnetLayout.create(net, 4, 2, List.of(), DevnetLayout.params());
    Devnet.Options o =
        new Devnet.Options(net, 4, 2, DevnetTest.SMALL, false, 0, 20, 10, 2, 0, true);
    node = "http://" + layout.nodes().get(0).rpc();
    pass = dir.resolve("pass");
    Files.writeString(pass, PASS + "\n");
    Path user = layout.userKey();
    Path userPass = layout.userPassphrase();
    Process joined = null;
    try (Devnet devnet = new Devnet(o, layout, new PrintStream(OutputStream.nullOutputStream()))) {
      devnet.start();
      ok(CliRun.of("wait", "--height", "2", "--node", node, "--json"));

      // two new keys, funded by transfers from the devnet's user account
      Path meKey = dir.resolve("me.key");
      Path aliceKey = dir.resolve("alice.key");
      String me = newKey(meKey);
      String alice = newKey(aliceKey);
      tx(user, userPass, "send", "--to", me, "--amount", "3000000");
      tx(user, userPass, "send", "--to", alice, "--amount", "1000000");
      assertThat(query("account", alice).path("balance").asLong()).isEqualTo(1_000_000);

      // a validator of one's own, with a node that signs for it: the node holds a consensus key
      // of its own (funded for the fees of its votes), the account key stays with its owner
      Path meNodeKey = dir.resolve("me-node.key");
      JsonNode hot =
          ok(
              CliRun.of(
                  "keys",
                  "new",
                  "--out",
                  meNodeKey.toString(),
                  "--passphrase-file",
                  pass.toString(),
                  "--json"));
      tx(user, userPass, "send", "--to", hot.path("address").asText(), "--amount", "100000");
      tx(
          meKey,
          pass,
          "stake",
          "create-validator",
          "--self-bond",
          "1000000",
          "--commission",
          "1000",
          "--consensus-key",
          hot.path("public_key").asText(),
          "--reveal-anchor",
          hot.path("reveal_anchor").asText());
      List<String> cmd =
          Devnet.javaCommand(
              Main.class.getName(),
              "devnet",
              "join",
              "--data-dir",
              net.toString(),
              "--key",
              meNodeKey.toString(),
              "--passphrase-file",
              pass.toString(),
              "--name",
              "me");
      joined =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("me.log").toFile())
              .start();

      // a dataset the new validator provides, and a task on it, training while the rest goes on
      JsonNode registered =
          tx(
              meKey,
              pass,
              "dataset",
              "register",
              "--dir",
              DevnetTest.SMALL.toString(),
              "--licence",
              "CC-BY-4.0 (Fashion-MNIST)",
              "--fee-per-use",
              "777");
      String dataset = registered.path("dataset").asText();
      JsonNode published =
          tx(
              user,
              userPass,
              "task",
              "publish",
              "--dataset",
              dataset,
              "--model",
              "mlp",
              "--steps",
              "20",
              "--checkpoint-every",
              "10",
              "--samples",
              "2",
              "--reward",
              "50000",
              "--deadline",
              "40",
              "--min-bond",
              "100");
      String task = published.path("task").asText();
      assertThat(task).hasSize(64);

      // a parameter change, voted for by the new validator and one of the devnet's
      JsonNode proposed =
          tx(
              user,
              userPass,
              "gov",
              "propose",
              "--title",
              "Halve the block size",
              "--param",
              "maxBlockTxs=10000",
              "--deposit",
              "10000");
      String proposal = proposed.path("proposal").asText();
      assertThat(proposal).isNotEmpty();
      tx(meKey, pass, "gov", "vote", "--proposal", proposal, "--option", "yes");
      Path v0 = net.resolve("validator-0");
      tx(
          v0.resolve("node.key"),
          v0.resolve("passphrase"),
          "gov",
          "vote",
          "--proposal",
          proposal,
          "--option",
          "yes");

      // active from the next epoch (10 blocks), and its node signs
      ok(CliRun.of("wait", "--blocks", "11", "--node", node, "--json"));
      JsonNode v = query("validator", me);
      assertThat(v.path("active").asBoolean()).as(v.toString()).isTrue();
      assertThat(v.path("tokens").asLong()).isEqualTo(1_000_000);
      assertThat(v.path("commission_bps").asLong()).isEqualTo(1000);
      long deadline = System.currentTimeMillis() + 90_000;
      while (query("validator", me).path("recent_signed").asLong() == 0) {
        assertThat(System.currentTimeMillis())
            .as("the joined node signs (log " + dir.resolve("me.log") + ")")
            .isLessThan(deadline);
        ok(CliRun.of("wait", "--blocks", "1", "--node", node, "--json"));
      }
      assertThat(query("validator", me).path("jailed").asBoolean()).isFalse();

      // delegate, earn, withdraw exactly what the events say
      tx(aliceKey, pass, "stake", "delegate", "--validator", me, "--amount", "200000");
      ok(CliRun.of("wait", "--blocks", "3", "--node", node, "--json"));
      JsonNode rewards = query("rewards", alice);
      assertThat(rewards.path("total").asLong()).as(rewards.toString()).isPositive();
      long before = balance(alice);
      JsonNode withdrawn = tx(aliceKey, pass, "stake", "withdraw", "--validator", me);
      long paid = sum(withdrawn, "REWARD_WITHDRAWN", "delegator", alice);
      long fee = sum(withdrawn, "FEE", "payer", alice);
      assertThat(paid).isPositive();
      assertThat(fee).isEqualTo(withdrawn.path("fee").asLong());
      assertThat(balance(alice)).isEqualTo(before + paid - fee);

      // undelegate: the stake comes back after the unbonding period
      JsonNode undelegated =
          tx(aliceKey, pass, "stake", "undelegate", "--validator", me, "--amount", "200000");
      long completion = -1;
      for (JsonNode e : undelegated.path("events")) {
        if (e.path("type").asText().equals("UNDELEGATE")) {
          completion = e.path("completion").asLong();
        }
      }
      assertThat(completion).as(undelegated.toString()).isPositive();
      assertThat(query("unbondings", alice).path("total").asLong()).isEqualTo(200_000);
      long unbonding = balance(alice);
      ok(
          CliRun.of(
              "wait",
              "--height",
              Long.toString(completion),
              "--node",
              node,
              "--timeout",
              "120",
              "--json"));
      assertThat(balance(alice)).isEqualTo(unbonding + 200_000);
      assertThat(query("unbondings", alice).path("total").asLong()).isZero();

      // the vote passed and the parameter is in force
      JsonNode closed = ok(CliRun.of("wait", "--proposal", proposal, "--node", node, "--json"));
      assertThat(closed.path("status").asText()).isEqualTo("PASSED");
      assertThat(
              ok(CliRun.of("query", "params", "--node", node, "--json"))
                  .path("maxBlockTxs")
                  .asLong())
          .isEqualTo(10_000);

      // the task settled with a winner, and the data provider was paid for its use
      JsonNode settled =
          ok(CliRun.of("wait", "--task", task, "--node", node, "--timeout", "240", "--json"));
      assertThat(settled.path("winner").isTextual()).as(settled.toString()).isTrue();
      JsonNode d = ok(CliRun.of("dataset", "show", dataset, "--node", node, "--json"));
      assertThat(d.path("owner").asText()).isEqualTo(me);
      assertThat(d.path("uses").asLong()).isEqualTo(1);
      assertThat(d.path("earned").asLong()).isEqualTo(777);
      CliRun shown = CliRun.of("dataset", "show", dataset, "--node", node);
      assertThat(shown.out()).contains("earned").contains("777");
    } finally {
      if (joined != null) {
        joined.destroy();
        if (!joined.waitFor(30, TimeUnit.SECONDS)) {
          joined.destroyForcibly();
        }
      }
    }
  }

  /** {@code pot keys new}: the new key's address. */
  private String newKey(Path file) {
    return ok(CliRun.of(
            "keys",
            "new",
            "--out",
            file.toString(),
            "--passphrase-file",
            pass.toString(),
            "--json"))
        .path("address")
        .asText();
  }

  /** Runs a transaction command signed by {@code key}; it must be accepted. */
  private JsonNode tx(Path key, Path passphrase, String... args) {
    return CliRun.accepted(node, key, passphrase, args);
  }

  private JsonNode query(String what, String address) {
    return ok(CliRun.of("query", what, address, "--node", node, "--json"));
  }

  private long balance(String address) {
    return query("account", address).path("balance").asLong();
  }

  private static JsonNode ok(CliRun r) {
    return r.json();
  }

  /** The sum of the amounts of a transaction's events of one type for one account. */
  private static long sum(JsonNode txAnswer, String type, String field, String account) {
    long s = 0;
    for (JsonNode e : txAnswer.path("events")) {
      if (e.path("type").asText().equals(type) && e.path(field).asText().equals(account)) {
        s += e.path("amount").asLong();
      }
    }
    return s;
  }
}

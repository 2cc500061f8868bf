package network.pot.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;
import network.pot.cli.CliRun;
import network.pot.cli.train.TrainOptions;
import network.pot.proof.collab.CollabSpec;
import network.pot.proof.collab.Enrollment;
import network.pot.proof.collab.Simulation;
import network.pot.rpc.RpcClient;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.train.Checkpoint;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collaborative task on the in-process devnet, end to end: four validators, three honest miners
 * and one Byzantine miner (its updates trained on another slot's shard, {@code [faults]
 * collab_update = "other_data"}). The task is published with {@code pot task publish --kind
 * collaborative}; the miners enroll, train and commit each round; the validators verify every
 * contribution by re-execution, reject the Byzantine one and slash its bond, and record each {@code
 * G_{r+1}} they all recomputed. Then, off the chain, the protocol's own simulation re-runs the task
 * with the honest miners alone, from the enrollments the chain recorded: every round's global model
 * is bit for bit the chain's, and the final model's accuracy is at least a single miner's trained
 * for the same steps, minus one point.
 */
@Tag("e2e")
@Timeout(900)
class CollabDevnetTest {
  private static final int VALIDATORS = 4;
  private static final int MINERS = 4;
  private static final int ROUNDS = 3;

  @TempDir Path dir;
  private String node;

  @Test
  void threeHonestMinersAndAByzantineOneTrainOneModelEveryValidatorAgreesOn() throws Exception {
    Path net = dir.resolve("devnet");
    DevnetLayout layout =
        DevnetLayout.create(
            net, VALIDATORS, MINERS, List.of(DevnetTest.SMALL), DevnetLayout.params());
    DevnetLayout.Member byzantine = layout.nodes().get(VALIDATORS + MINERS - 1);
    Files.writeString(
        layout.config(byzantine),
        "\n[faults]\ncollab_update = \"other_data\"\n",
        StandardOpenOption.APPEND);
    Devnet.Options o =
        new Devnet.Options(net, VALIDATORS, MINERS, DevnetTest.SMALL, false, 0, 20, 10, 2, 0, true);
    node = "http://" + layout.nodes().get(0).rpc();
    try (Devnet devnet = new Devnet(o, layout, new PrintStream(OutputStream.nullOutputStream()))) {
      devnet.start();
      ok(CliRun.of("wait", "--height", "2", "--node", node, "--json"));
      Path user = layout.userKey();
      Path pass = layout.userPassphrase();
      String dataset =
          tx(
                  user,
                  pass,
                  "dataset",
                  "register",
                  "--dir",
                  DevnetTest.SMALL.toString(),
                  "--licence",
                  "MIT",
                  "--fee-per-use",
                  "100")
              .path("dataset")
              .asText();
      String task =
          tx(
                  user,
                  pass,
                  "task",
                  "publish",
                  "--kind",
                  "collaborative",
                  "--dataset",
                  dataset,
                  "--model",
                  "mlp",
                  // a learning rate at which one miner's steps are noisy: what averaging is for
                  "--lr",
                  "0.05",
                  "--batch",
                  "32",
                  "--rounds",
                  String.valueOf(ROUNDS),
                  "--local-steps",
                  "20",
                  "--checkpoint-every",
                  "10",
                  "--samples",
                  "2",
                  "--miners",
                  String.valueOf(MINERS),
                  "--quorum",
                  "3",
                  "--reward",
                  "300000",
                  "--deadline",
                  "25",
                  "--round-blocks",
                  "20",
                  "--min-bond",
                  "100")
              .path("task")
              .asText();

      JsonNode settled = awaitSettled(devnet, task);
      String byz = Address.of(byzantine.key()).toString();

      // every validator holds the same rounds: the same G_r, contributions, votes and acceptances
      for (int v = 1; v < VALIDATORS; v++) {
        JsonNode other = awaitSettledOn(devnet, v, task);
        assertThat(other.path("round_states"))
            .as("validator %d's rounds", v)
            .isEqualTo(settled.path("round_states"));
        assertThat(other.path("miners")).isEqualTo(settled.path("miners"));
      }

      // the Byzantine miner was rejected in round 0 and lost its bond; the others were paid
      List<Enrollment> honest = new ArrayList<>();
      for (JsonNode m : settled.path("miners")) {
        String who = m.path("miner").asText();
        if (who.equals(byz)) {
          assertThat(m.path("status").asText()).as(settled.toString()).isEqualTo("REJECTED");
          assertThat(m.path("bond").asLong()).isZero();
        } else {
          assertThat(m.path("status").asText()).as(settled.toString()).isEqualTo("ENROLLED");
          honest.add(
              new Enrollment(
                  Address.parse(who).toArray(),
                  Hex.decode(m.path("enroll_hash").asText()),
                  m.path("slot").asInt()));
        }
      }
      assertThat(honest).hasSize(MINERS - 1);
      JsonNode rounds = settled.path("round_states");
      assertThat(rounds).hasSize(ROUNDS);
      JsonNode round0 = rounds.get(0);
      assertThat(contributionOf(round0, byz).path("status").asText()).isEqualTo("REJECTED");
      for (int r = 0; r < ROUNDS; r++) {
        JsonNode round = rounds.get(r);
        assertThat(round.path("status").asText()).isEqualTo("CLOSED");
        assertThat(round.path("accepted")).as("round %d", r).hasSize(MINERS - 1);
        assertThat(round.path("accepted").toString()).doesNotContain(byz);
        if (r > 0) {
          assertThat(round.path("start")).isEqualTo(rounds.get(r - 1).path("next"));
        }
      }

      // the honest-only run, recomputed here from the enrollments on chain, is the chain's bits
      CollabSpec spec = CollabSpec.parse(settled.path("spec").toString());
      assertThat(Hash.of(spec.taskId()).toHex()).isEqualTo(settled.path("spec_hash").asText());
      DataSets.Split data = TrainOptions.loadData(DevnetTest.SMALL);
      Simulation.Result honestOnly;
      Simulation.Result single;
      try (Parallel par = Parallel.of(2)) {
        honestOnly =
            new Simulation(spec, data, par)
                .run(
                    honest.stream().map(Simulation.Miner::honest).toList(),
                    true,
                    300_000,
                    new Simulation.Listener() {});
        CollabSpec alone = spec.toBuilder().miners(1).quorum(1).build();
        Enrollment first = honest.get(0);
        single =
            new Simulation(alone, data, par)
                .run(
                    List.of(
                        Simulation.Miner.honest(
                            new Enrollment(first.minerId(), first.enrollHash(), 0))),
                    true,
                    300_000,
                    new Simulation.Listener() {});
      }
      for (int r = 0; r < ROUNDS; r++) {
        assertThat(rounds.get(r).path("next").path("model").asText())
            .as("G_%d on chain and in the honest-only run", r + 1)
            .isEqualTo(honestOnly.rounds().get(r).modelHash());
        assertThat(rounds.get(r).path("next").path("blob").asText())
            .isEqualTo(honestOnly.rounds().get(r).stateHash());
      }

      // the publisher fetches the final model: a checkpoint whose model hash is the chain's
      Path model = dir.resolve("model");
      JsonNode fetched =
          ok(CliRun.of("task", "model", task, "--out", model.toString(), "--node", node));
      String finalHash = rounds.get(ROUNDS - 1).path("next").path("model").asText();
      assertThat(fetched.path("provenance").path("model_hash").asText()).isEqualTo(finalHash);
      assertThat(fetched.path("provenance").path("round_models")).hasSize(ROUNDS);
      Checkpoint.Contents ckpt = Checkpoint.read(model.resolve("model.ckpt"));
      assertThat(Hex.encode(Checkpoint.modelHash(ckpt.model()))).isEqualTo(finalHash);
      assertThat(Files.readString(model.resolve("provenance.json"))).contains(finalHash);

      double together = accuracy(honestOnly);
      double alone = accuracy(single);
      System.out.printf(
          "collaborative devnet: %d rounds, final accuracy %.4f with %d miners, %.4f alone%n",
          ROUNDS, together, MINERS - 1, alone);
      assertThat(together)
          .as("accuracy against a single miner")
          .isGreaterThanOrEqualTo(alone - 0.01);
    }
  }

  private static double accuracy(Simulation.Result r) {
    return r.rounds().get(r.rounds().size() - 1).accuracy();
  }

  private static JsonNode contributionOf(JsonNode round, String miner) {
    for (JsonNode k : round.path("contributions")) {
      if (k.path("miner").asText().equals(miner)) {
        return k;
      }
    }
    throw new AssertionError("no contribution of " + miner + " in " + round);
  }

  private JsonNode awaitSettled(Devnet devnet, String task) throws Exception {
    return awaitSettledOn(devnet, 0, task);
  }

  private JsonNode awaitSettledOn(Devnet devnet, int v, String task) throws Exception {
    RpcClient rpc = devnet.rpc(v);
    long deadline = System.currentTimeMillis() + 720_000;
    while (true) {
      JsonNode t = rpc.call("pot_getCollabTask", RpcClient.params().put("id", task));
      if (t.path("settled").asBoolean()) {
        return t;
      }
      if (System.currentTimeMillis() > deadline) {
        fail("the task did not settle on node " + v + ": " + t);
      }
      devnet.checkNodes();
      Thread.sleep(2_000);
    }
  }

  private JsonNode tx(Path key, Path passphrase, String... args) {
    return CliRun.accepted(node, key, passphrase, args);
  }

  private static JsonNode ok(CliRun r) {
    return r.json();
  }
}

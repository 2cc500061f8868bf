package network.pot.cli.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import network.pot.base.crypto.Hash;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.crypto.Keystore;
import network.pot.chain.state.CollabTask;
import network.pot.chain.state.Task;
import network.pot.cli.CliRun;
import network.pot.cli.OneNode;
import network.pot.cli.devnet.DevnetLayout;
import network.pot.proof.DataBundle;
import network.pot.proof.TaskSpec;
import network.pot.rpc.RpcClient;
import network.pot.rpc.RpcNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pot dataset register} and {@code pot task publish} against one real node in this JVM that
 * starts without datasets: registering uploads the dataset, which the node then holds and serves,
 * and records it on chain with its licence and fee; a bundle that is not the id it is uploaded
 * under is refused; a published task carries the terms given, its spec is the one {@code pot task
 * template} writes, and its reward is escrowed from the publisher.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DatasetTaskCommandsTest {
  @TempDir static Path dir;
  private static OneNode one;
  private static RpcNode served;
  private static RpcClient rpc;
  private static DevnetLayout layout;
  private static Hash registered;

  @BeforeAll
  static void start() throws Exception {
    one = OneNode.start(dir, List.of(), 2);
    served = one.served;
    rpc = one.rpc;
    layout = one.layout;
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

  private static Address user() throws Exception {
    return Address.of(Keystore.read(layout.userKey(), "devnet".toCharArray()));
  }

  /** Registers the small Fashion-MNIST by command (once); returns its id. */
  private static synchronized Hash register() throws Exception {
    if (registered == null) {
      Hash id = Hash.of(TaskSpec.dataHash(OneNode.SMALL));
      assertThat(served.node().datasets().has(id)).isFalse();
      CliRun r =
          pot(
              "dataset",
              "register",
              "--dir",
              OneNode.SMALL.toString(),
              "--licence",
              "MIT (Fashion-MNIST)",
              "--fee-per-use",
              "777",
              "--json");
      assertThat(r.exitCode()).as(r.err()).isZero();
      JsonNode o = Json.read(r.lastLine());
      assertThat(o.path("dataset").asText()).isEqualTo(id.toHex());
      assertThat(o.path("type").asText()).isEqualTo("REGISTER_DATASET");
      assertThat(o.path("status").asText()).isEqualTo("accepted");
      registered = id;
    }
    return registered;
  }

  @Test
  void registeringUploadsTheDatasetWhichTheNodeThenServes() throws Exception {
    Hash id = register();
    JsonNode d = rpc.call("pot_getDataset", RpcClient.params().put("hash", id.toHex()));
    assertThat(d.path("licence").asText()).isEqualTo("MIT (Fashion-MNIST)");
    assertThat(d.path("fee_per_use").asLong()).isEqualTo(777);
    assertThat(d.path("owner").asText()).isEqualTo(user().toString());
    assertThat(served.node().datasets().has(id)).isTrue();
    assertThat(served.node().artifacts().has(id.toArray())).as("bundle served to peers").isTrue();
  }

  @Test
  void aBundleThatIsNotItsIdIsRefused() throws Exception {
    byte[] bundle;
    try (InputStream in = DataBundle.open(OneNode.SMALL)) {
      bundle = in.readAllBytes();
    }
    Hash wrong = Hash.sha256(new byte[] {1, 2, 3});
    assertThatThrownBy(
            () ->
                rpc.call(
                    "pot_uploadDataset",
                    RpcClient.params()
                        .put("dataset", wrong.toHex())
                        .put("size", bundle.length)
                        .put("offset", 0)
                        .put("data", Base64.getEncoder().encodeToString(bundle))))
        .isInstanceOf(RpcClient.RpcException.class)
        .hasMessageContaining(wrong.toHex())
        .hasMessageContaining("not to dataset id");
    assertThat(served.node().datasets().has(wrong)).isFalse();
    assertThat(served.node().artifacts().has(wrong.toArray())).isFalse();
    assertThatThrownBy(
            () ->
                rpc.call(
                    "pot_uploadDataset",
                    RpcClient.params()
                        .put("dataset", wrong.toHex())
                        .put("size", 5L << 30)
                        .put("offset", 0)
                        .put("data", "")))
        .isInstanceOf(RpcClient.RpcException.class)
        .hasMessageContaining("this node takes 1 to");
  }

  @Test
  void aPublishedTaskCarriesItsTermsAndEscrowsItsReward() throws Exception {
    Hash dataset = register();
    String[] schedule = {
      "--model",
      "mlp",
      "--steps",
      "50",
      "--checkpoint-every",
      "25",
      "--samples",
      "2",
      "--lr",
      "0.05"
    };
    CliRun template =
        CliRun.of(
            concat(
                new String[] {"task", "template", "--data", OneNode.SMALL.toString()}, schedule));
    assertThat(template.exitCode()).as(template.err()).isZero();
    String specHash = Hash.of(TaskSpec.parse(template.out()).taskId()).toHex();

    long before =
        rpc.call("pot_getAccount", RpcClient.params().put("address", user().toString()))
            .path("balance")
            .asLong();
    CliRun r =
        pot(
            concat(
                new String[] {"task", "publish", "--dataset", dataset.toHex()},
                schedule,
                new String[] {
                  "--reward", "5000", "--deadline", "30", "--min-bond", "100", "--json"
                }));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode o = Json.read(r.lastLine());
    assertThat(o.path("type").asText()).isEqualTo("PUBLISH_TASK");
    assertThat(o.path("spec_hash").asText()).isEqualTo(specHash);
    String taskId = o.path("task").asText();
    assertThat(taskId).hasSize(64);

    JsonNode t = rpc.call("pot_getTask", RpcClient.params().put("id", taskId));
    assertThat(t.path("dataset").asText()).isEqualTo(dataset.toHex());
    assertThat(t.path("spec_hash").asText()).isEqualTo(specHash);
    assertThat(t.path("publisher").asText()).isEqualTo(user().toString());
    assertThat(t.path("steps").asLong()).isEqualTo(50);
    assertThat(t.path("reward").asLong()).isEqualTo(5000);
    assertThat(t.path("escrow").asLong()).isEqualTo(5000);
    long published = t.path("published_height").asLong();
    assertThat(published).isEqualTo(o.path("height").asLong());
    assertThat(t.path("deadline").asLong()).isBetween(published + 1, published + 30);
    Task task = served.node().state().task(Hash.fromHex(taskId));
    assertThat(task.terms().checkpointInterval()).isEqualTo(25);
    assertThat(task.terms().sampleSize()).isEqualTo(2);
    assertThat(task.terms().minMinerBond()).isEqualTo(100);
    assertThat(served.node().artifacts().has(Hash.fromHex(specHash).toArray()))
        .as("spec stored for miners and verifiers")
        .isTrue();
    long after =
        rpc.call("pot_getAccount", RpcClient.params().put("address", user().toString()))
            .path("balance")
            .asLong();
    assertThat(after).isEqualTo(before - 5000 - o.path("fee").asLong());
  }

  @Test
  void aCollaborativeTaskIsPublishedWithItsRoundsAndItsGenesisModelServed() throws Exception {
    Hash dataset = register();
    CliRun r =
        pot(
            "task",
            "publish",
            "--kind",
            "collaborative",
            "--dataset",
            dataset.toHex(),
            "--rounds",
            "3",
            "--local-steps",
            "20",
            "--checkpoint-every",
            "10",
            "--samples",
            "1",
            "--miners",
            "3",
            "--quorum",
            "2",
            "--outer-lr",
            "0.7",
            "--outer-momentum",
            "0.9",
            "--round-blocks",
            "15",
            "--reward",
            "3000",
            "--deadline",
            "20",
            "--min-bond",
            "10",
            "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode o = Json.read(r.lastLine());
    assertThat(o.path("type").asText()).isEqualTo("PUBLISH_COLLAB_TASK");
    assertThat(o.path("outcome").asText()).isEqualTo("OK");
    CollabTask t = served.node().state().collabTask(Hash.fromHex(o.path("task").asText()));
    assertThat(t).as("task %s on chain", o.path("task").asText()).isNotNull();
    assertThat(t.terms().rounds()).isEqualTo(3);
    assertThat(t.terms().localSteps()).isEqualTo(20);
    assertThat(t.terms().miners()).isEqualTo(3);
    assertThat(t.terms().quorum()).isEqualTo(2);
    assertThat(t.terms().outerLr()).isEqualTo(0.7f);
    assertThat(t.terms().outerMomentum()).isEqualTo(0.9f);
    assertThat(t.escrow()).isEqualTo(3000);
    assertThat(t.terms().specHash().toHex()).isEqualTo(o.path("spec_hash").asText());
    // the validators recomputed G_0 from the spec, and serve it
    assertThat(served.node().artifacts().has(t.terms().genesis().blob().toArray())).isTrue();
  }

  @Test
  void collaborativeOptionsAreCheckedBeforeAnythingIsSent() throws Exception {
    Hash dataset = register();
    CliRun r =
        pot(
            "task",
            "publish",
            "--kind",
            "collaborative",
            "--dataset",
            dataset.toHex(),
            "--rounds",
            "3",
            "--reward",
            "10",
            "--deadline",
            "10");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("--kind collaborative needs --rounds, --local-steps and --miners");
    r =
        pot(
            "task",
            "publish",
            "--kind",
            "collaborative",
            "--dataset",
            dataset.toHex(),
            "--rounds",
            "3",
            "--local-steps",
            "20",
            "--checkpoint-every",
            "10",
            "--miners",
            "2",
            "--quorum",
            "3",
            "--reward",
            "10",
            "--deadline",
            "10");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("quorum must be in [1, miners]");
    r =
        pot(
            "task",
            "publish",
            "--dataset",
            dataset.toHex(),
            "--miners",
            "2",
            "--reward",
            "10",
            "--deadline",
            "10");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("for --kind collaborative only");
    r = pot("task", "publish", "--kind", "federated", "--dataset", dataset.toHex());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--kind");
  }

  @Test
  void publishingOnAnUnregisteredDatasetExitsThree() {
    CliRun r =
        pot(
            "task",
            "publish",
            "--dataset",
            Hash.sha256(new byte[] {9}).toHex(),
            "--steps",
            "50",
            "--checkpoint-every",
            "25",
            "--reward",
            "10",
            "--deadline",
            "10");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).contains("no dataset");
  }

  @Test
  void absurdTermsAreRefusedBeforeAnythingIsSigned() throws Exception {
    Hash dataset = register();
    long nonce =
        rpc.call("pot_getAccount", RpcClient.params().put("address", user().toString()))
            .path("next_nonce")
            .asLong();
    CliRun r =
        pot(
            "task",
            "publish",
            "--dataset",
            dataset.toHex(),
            "--steps",
            "2000000",
            "--checkpoint-every",
            "1000",
            "--reward",
            "10",
            "--deadline",
            "10");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.err().strip()).doesNotContain("\n").contains("maxTaskSteps");
    r =
        pot(
            "task",
            "publish",
            "--dataset",
            dataset.toHex(),
            "--steps",
            "50",
            "--checkpoint-every",
            "25",
            "--reward",
            "10",
            "--deadline",
            "100000000");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).contains("maxTaskDuration");
    assertThat(
            rpc.call("pot_getAccount", RpcClient.params().put("address", user().toString()))
                .path("next_nonce")
                .asLong())
        .as("nothing was sent")
        .isEqualTo(nonce);
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }
}

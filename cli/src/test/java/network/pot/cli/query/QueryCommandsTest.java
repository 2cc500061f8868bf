package network.pot.cli.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Params;
import network.pot.cli.CliRun;
import network.pot.cli.client.NodeOption;
import network.pot.cli.devnet.DevnetLayout;
import network.pot.cli.output.Output;
import network.pot.node.Node;
import network.pot.node.NodeConfig;
import network.pot.rpc.RpcClient;
import network.pot.rpc.RpcNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

/**
 * One real node in this JVM with a single validator, and the read methods and query commands
 * against its genesis state: stake, rewards, parameters, governance, datasets and tasks, and the
 * errors a bad parameter or an unreachable node gives.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QueryCommandsTest {
  static final Path SMALL =
      Path.of("..", "data", "fashion-mnist-small").toAbsolutePath().normalize();

  @TempDir static Path dir;
  private static RpcNode served;
  private static Node node;
  private static RpcClient rpc;
  private static DevnetLayout layout;
  private static String endpoint;
  private static Address validator;

  /** The root command as it will be wired: {@code status}, {@code query}, {@code gov}, ... */
  @Command(
      name = "pot",
      subcommands = {StatusCommand.class, QueryCommand.class, Gov.class, DatasetGroup.class})
  static final class Root implements Runnable {
    @Override
    public void run() {}
  }

  @Command(
      name = "gov",
      subcommands = {GovListCommand.class, GovShowCommand.class})
  static final class Gov implements Runnable {
    @Override
    public void run() {}
  }

  @Command(
      name = "dataset",
      subcommands = {DatasetListCommand.class, DatasetShowCommand.class})
  static final class DatasetGroup implements Runnable {
    @Override
    public void run() {}
  }

  record Run(int code, String out, String err) {
    String lastLine() {
      String[] lines = out.strip().split("\n", -1);
      return lines[lines.length - 1];
    }

    JsonNode json() throws Exception {
      return Json.read(lastLine());
    }
  }

  static Run pot(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Output.commandLine(new Root());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void start() throws Exception {
    layout = DevnetLayout.create(dir, 1, 0, List.of(SMALL), DevnetLayout.params());
    DevnetLayout.Member m = layout.nodes().get(0);
    served = RpcNode.start(NodeConfig.read(layout.config(m)));
    node = served.node();
    rpc = new RpcClient(m.rpc());
    endpoint = m.rpc();
    validator = Address.of(m.key());
    awaitHeight(2);
  }

  @AfterAll
  static void stop() {
    if (served != null) {
      served.close();
    }
  }

  private static void awaitHeight(long h) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (node.app().state().height() < h) {
      assertThat(System.currentTimeMillis()).as("reaching height %d", h).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static JsonNode error(String method, String params) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":1}";
    JsonNode r = served.rpcServer().respond(body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.has("result")).as("%s %s answers an error", method, params).isFalse();
    return r.path("error");
  }

  @Test
  void stakeRewardsAndParamsMatchGenesis() throws Exception {
    String v = validator.toString();
    JsonNode val = rpc.call("pot_getValidator", RpcClient.params().put("address", v));
    assertThat(val.path("tokens").asLong()).isEqualTo(1_000_000L);
    assertThat(val.path("commission_bps").asInt()).isEqualTo(1_000);
    assertThat(val.path("jailed").asBoolean()).isFalse();
    assertThat(val.path("active").asBoolean()).isTrue();
    assertThat(val.path("missed_blocks").isIntegralNumber()).isTrue();

    JsonNode dels = rpc.call("pot_getDelegations", RpcClient.params().put("address", v));
    assertThat(dels.path("delegations")).hasSize(1);
    JsonNode d = dels.path("delegations").get(0);
    assertThat(d.path("validator").asText()).isEqualTo(v);
    assertThat(d.path("amount").asLong()).isEqualTo(1_000_000L);
    long before = d.path("pending_reward").asLong();
    assertThat(before).isNotNegative();

    awaitHeight(node.app().state().height() + 3);
    long after =
        rpc.call("pot_getDelegations", RpcClient.params().put("address", v))
            .path("delegations")
            .get(0)
            .path("pending_reward")
            .asLong();
    assertThat(after).isGreaterThan(before);

    JsonNode rewards = rpc.call("pot_getRewards", RpcClient.params().put("address", v));
    JsonNode per = rewards.path("validators");
    assertThat(per).hasSize(1);
    JsonNode r = per.get(0);
    assertThat(r.path("validator").asText()).isEqualTo(v);
    assertThat(r.path("reward").asLong()).isGreaterThanOrEqualTo(after);
    assertThat(r.path("commission").asLong()).isPositive();
    assertThat(r.path("amount").asLong())
        .isEqualTo(r.path("reward").asLong() + r.path("commission").asLong());
    assertThat(rewards.path("total").asLong()).isEqualTo(r.path("amount").asLong());

    JsonNode params = rpc.call("pot_getParams");
    Params genesis = DevnetLayout.params();
    for (String name : Params.NAMES) {
      assertThat(params.path(name).asLong()).as(name).isEqualTo(genesis.get(name));
    }

    JsonNode unb = rpc.call("pot_getUnbondings", RpcClient.params().put("address", v));
    assertThat(unb.path("unbondings")).isEmpty();
    assertThat(unb.path("redelegations")).isEmpty();
    assertThat(rpc.call("pot_getProposals").isArray()).isTrue();
    assertThat(rpc.call("pot_getDatasets").isArray()).isTrue();
  }

  @Test
  void badParamsNameTheField() {
    assertThat(error("pot_getDelegations", "{}").path("message").asText()).contains("address");
    assertThat(error("pot_getRewards", "{\"address\":\"pot1nope\"}").path("code").asInt())
        .isEqualTo(-32602);
    assertThat(error("pot_getUnbondings", "{\"address\":7}").path("message").asText())
        .contains("address");
    assertThat(error("pot_getProposal", "{\"id\":\"x\"}").path("message").asText()).contains("id");
    assertThat(error("pot_getProposal", "{\"id\":99}").path("message").asText()).contains("id");
    assertThat(error("pot_getDataset", "{\"hash\":\"zz\"}").path("message").asText())
        .contains("hash");
    JsonNode e = error("pot_getTask", "{\"id\":\"" + "00".repeat(32) + "\"}");
    assertThat(e.path("code").asInt()).isEqualTo(-32602);
    assertThat(e.path("message").asText()).contains("id").doesNotContain("Exception");
  }

  @Test
  void queryAccountPrintsTheBalance() throws Exception {
    String publisher = Address.of(layout.publisher()).toString();
    Run text = pot("query", "account", publisher, "--node", endpoint);
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("balance: 1000000000");
    Run json = pot("query", "account", publisher, "--node", "http://" + endpoint, "--json");
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(json.json().path("balance").asLong()).isEqualTo(1_000_000_000L);
    assertThat(json.json().path("nonce").asLong()).isZero();
  }

  @Test
  void queryCommandsAnswerInJson() throws Exception {
    String v = validator.toString();
    Run val = pot("query", "validator", v, "--node", endpoint, "--json");
    assertThat(val.code()).as(val.err()).isZero();
    assertThat(val.json().path("tokens").asLong()).isEqualTo(1_000_000L);
    for (String[] args :
        List.of(
            new String[] {"status"},
            new String[] {"query", "validators"},
            new String[] {"query", "delegations", v},
            new String[] {"query", "rewards", v},
            new String[] {"query", "unbondings", v},
            new String[] {"query", "params"},
            new String[] {"query", "supply"},
            new String[] {"query", "tx", "00".repeat(32)},
            new String[] {"gov", "list"},
            new String[] {"dataset", "list"})) {
      Run text = pot(concat(args, "--node", endpoint));
      assertThat(text.code()).as("%s: %s", List.of(args), text.err()).isZero();
      assertThat(text.out()).isNotBlank();
      Run json = pot(concat(args, "--node", endpoint, "--json"));
      assertThat(json.code()).as("%s: %s", List.of(args), json.err()).isZero();
      assertThat(json.json().isObject()).isTrue();
    }
    assertThat(pot("query", "rewards", v, "--node", endpoint, "--json").json().has("total"))
        .isTrue();
    CliRun tasks = CliRun.of("task", "list", "--node", endpoint, "--json");
    assertThat(tasks.exitCode()).as(tasks.err()).isZero();
    assertThat(Json.read(tasks.lastLine()).path("tasks").isArray()).isTrue();
  }

  @Test
  void badInputAndAnUnreachableNodeAreOneLine() {
    Run bad = pot("query", "validator", "pot1nope", "--node", endpoint);
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).doesNotContain("\n").contains("address");
    Run gone = pot("query", "account", validator.toString(), "--node", "127.0.0.1:1");
    assertThat(gone.code()).isEqualTo(1);
    assertThat(gone.err().strip())
        .doesNotContain("\n")
        .contains("cannot reach the node at http://127.0.0.1:1");
    assumeThat(System.getenv(NodeOption.ENV)).isNull();
    Run none = pot("query", "params");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err().strip()).doesNotContain("\n").contains("--node");
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}

package network.pot.cli.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.ProposalAction;
import network.pot.chain.tx.VoteOption;
import network.pot.cli.devnet.Devnet;
import network.pot.cli.devnet.DevnetLayout;
import network.pot.node.Node;
import network.pot.node.NodeConfig;
import network.pot.proof.TaskSpec;
import network.pot.rpc.RpcClient;
import network.pot.rpc.RpcNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web explorer against one real node in this JVM. The GET side serves exactly the explorer's
 * files and the chart library; {@code pot_getBlocks} pages the chain. Then, after a transfer, a
 * delegation, a dataset, a task and a proposal titled with markup and voted on, headless Chromium
 * (through Playwright) opens every route and finds the values the chain holds: the delegation and
 * its pending reward, the validator's delegators and uptime, the proposal's tally and votes by
 * weight, the transaction's events, the block's signers, the task and its dataset; follows links
 * between them; searches by every kind of key; sees a block arrive without a reload; shows the
 * proposal's title as text; is used by keyboard; fits 375 px; and logs no console error. It writes
 * screenshots of the main routes, desktop and 375 px wide, to {@code target/explorer-screenshots/}.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ExplorerTest {
  private static final long AMOUNT = 4242;
  private static final long DELEGATED = 200_000;
  private static final String MARKUP = "<img src=x onerror=alert(1)>";
  private static final long WAIT_MS = 30_000;

  @TempDir static Path dir;
  private RpcNode served;
  private Node node;
  private DevnetLayout.Member member;
  private DevnetLayout layout;
  private RpcClient rpc;
  private final HttpClient http = HttpClient.newHttpClient();
  private KeyPair recipient;
  private KeyPair delegator;
  private String transfer;
  private long transferHeight;
  private String task;
  private String dataset;
  private long proposal;

  @BeforeAll
  void startNodeAndActOnIt() throws Exception {
    layout = DevnetLayout.create(dir, 1, 0, List.of(NodeTest.SMALL), DevnetLayout.params());
    member = layout.nodes().get(0);
    served = RpcNode.start(NodeConfig.read(layout.config(member)));
    node = served.node();
    rpc = new RpcClient(member.rpc());
    await("height 2", () -> node.app().state().height() >= 2);
    Address validator = Address.of(member.key());

    recipient = KeyPair.generate();
    delegator = KeyPair.generate();
    transfer = send(layout.publisher(), new Payload.Transfer(Address.of(recipient), AMOUNT));
    String funded =
        send(layout.publisher(), new Payload.Transfer(Address.of(delegator), 1_000_000));
    await("the transfers landing", () -> accepted(transfer) && accepted(funded));
    transferHeight = tx(transfer).path("height").asLong();
    String delegated = send(delegator, new Payload.Delegate(validator, DELEGATED));
    String proposed =
        send(
            layout.publisher(),
            new Payload.SubmitProposal(
                MARKUP, new ProposalAction.TreasurySpend(Address.of(recipient), 5), 10_000));
    await("the delegation and the proposal", () -> accepted(delegated) && accepted(proposed));
    proposal = rpc.call("pot_getProposals").get(0).path("id").asLong();
    String yes = send(delegator, new Payload.Vote(proposal, VoteOption.YES));
    String no = send(member.key(), new Payload.Vote(proposal, VoteOption.NO));
    await("the votes", () -> accepted(yes) && accepted(no));

    // a training task: the dataset first, the task once that is on chain
    Devnet devnet =
        new Devnet(
            new Devnet.Options(dir, 1, 0, NodeTest.SMALL, true, 1, 20, 10, 2, 0, false),
            layout,
            new PrintStream(OutputStream.nullOutputStream()));
    TaskSpec spec = devnet.registerDataset(rpc);
    long h = node.app().state().height();
    await("the dataset registered", () -> node.app().state().height() >= h + 2);
    devnet.publish(rpc, spec, node.app().state().height(), Devnet.DEADLINE_BLOCKS);
    await("the task posted", () -> !node.tasks().ids().isEmpty());
    task = node.tasks().ids().get(0).toHex();
    dataset = node.app().state().task(node.tasks().ids().get(0)).terms().datasetId().toHex();
  }

  @AfterAll
  void stopNode() {
    if (served != null) {
      served.close();
    }
  }

  private String send(KeyPair key, Payload payload) throws IOException {
    return rpc.send(key, layout.chainId(), 1, payload).path("hash").asText();
  }

  private JsonNode tx(String hash) {
    try {
      return rpc.call("pot_getTransaction", RpcClient.params().put("hash", hash));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private boolean accepted(String hash) {
    String status = tx(hash).path("status").asText();
    if (status.equals("rejected") || status.equals("unknown")) {
      fail("transaction " + hash + " " + tx(hash));
    }
    return status.equals("accepted");
  }

  private HttpResponse<String> request(String method, String path) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://" + member.rpc() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private JsonNode raw(String method, String params) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":1}";
    return served.rpcServer().respond(body.getBytes(StandardCharsets.UTF_8));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MS;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        fail("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  @Test
  void getServesExactlyTheExplorerFilesAndPostStillAnswersRpc() throws Exception {
    HttpResponse<String> page = request("GET", "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.body()).contains("<script src=\"/explorer.js\"", "<script src=\"/uplot.js\"");
    assertThat(request("GET", "/explorer.js").headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(request("GET", "/explorer.css?v=1").headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=utf-8");
    HttpResponse<String> uplot = request("GET", "/uplot.js");
    assertThat(uplot.statusCode()).isEqualTo(200);
    assertThat(uplot.body()).contains("uPlot");
    assertThat(request("GET", "/uplot.css").statusCode()).isEqualTo(200);
    assertThat(request("GET", "/uplot-license.txt").body()).contains("MIT");
    assertThat(request("GET", "/favicon.svg").headers().firstValue("Content-Type"))
        .hasValue("image/svg+xml");
    HttpResponse<String> head = request("HEAD", "/explorer.js");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();

    for (String path :
        List.of(
            "/index.html",
            "/explorer",
            "/explorer.js/",
            "//explorer.js",
            "/logback.xml",
            "/network/pot/rpc/explorer/explorer.js",
            "/explorer/explorer.js",
            "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
            "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
            "/../pom.xml",
            "/%2e%2e/%2e%2e/pom.xml",
            "/..%2fpom.xml",
            "/explorer.js%00",
            "/network/pot/rpc/RpcServer.class")) {
      assertThat(request("GET", path).statusCode()).as(path).isEqualTo(404);
    }

    HttpResponse<String> put = request("PUT", "/");
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
    assertThat(rpc.call("pot_status").path("height").asLong()).isPositive();
  }

  @Test
  void getBlocksReturnsSummariesUpwardsAndChecksItsParams() throws Exception {
    JsonNode blocks =
        rpc.call("pot_getBlocks", RpcClient.params().put("from", transferHeight).put("count", 2));
    assertThat(blocks).hasSizeBetween(1, 2);
    assertThat(blocks.get(0).path("height").asLong()).isEqualTo(transferHeight);
    assertThat(blocks.get(0).path("tx_count").asInt()).isPositive();
    assertThat(blocks.get(0).path("minted").asLong()).isPositive();
    JsonNode one = rpc.call("pot_getBlock", RpcClient.params().put("height", transferHeight));
    for (String field : List.of("hash", "time", "previous_hash", "state_root", "proposer")) {
      assertThat(blocks.get(0).get(field)).as(field).isEqualTo(one.get(field));
    }
    assertThat(rpc.call("pot_getBlocks", RpcClient.params().put("from", 1).put("count", 100)))
        .hasSizeBetween(2, 100);
    assertThat(
            rpc.call(
                "pot_getBlocks", RpcClient.params().put("from", Long.MAX_VALUE).put("count", 5)))
        .isEmpty();
    for (String bad :
        List.of(
            "{\"from\":1,\"count\":0}",
            "{\"from\":1,\"count\":101}",
            "{\"from\":0,\"count\":5}",
            "{\"from\":\"1\",\"count\":5}",
            "{\"from\":1.5,\"count\":5}",
            "{\"count\":5}",
            "[]")) {
      assertThat(raw("pot_getBlocks", bad).path("error").path("code").asInt())
          .as(bad)
          .isEqualTo(-32602);
    }
  }

  private String url(String route) {
    return "http://" + member.rpc() + "/" + route;
  }

  /** Waits until the element {@code selector} holds {@code text}. */
  static void shows(Page page, String selector, String text) {
    PlaywrightAssertions.assertThat(page.locator(selector).first())
        .containsText(text, new LocatorAssertions.ContainsTextOptions().setTimeout(WAIT_MS));
  }

  /** Opens {@code route} and waits until the page rendered it (its title line is there). */
  static void go(Page page, String url, String title) {
    page.navigate(url);
    shows(page, "#view h1.page-title", title);
  }

  private static String cell(Locator rows, String text, int column) {
    return rows.filter(new Locator.FilterOptions().setHasText(text))
        .first()
        .locator("td")
        .nth(column)
        .innerText();
  }

  /** The exact base units an amount shows first ("1,234 base ≈ 0.001234 POT" is 1234). */
  static long baseUnits(String shown) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^[0-9,]+").matcher(shown.trim());
    assertThat(m.find()).as(shown).isTrue();
    return Long.parseLong(m.group().replace(",", ""));
  }

  @Test
  void everyRouteShowsWhatTheChainHoldsAndLinksOnward() throws Exception {
    String validator = Address.of(member.key()).toString();
    String delegatorAddress = Address.of(delegator).toString();
    try (ExplorerBrowser browser = new ExplorerBrowser()) {
      Page page = browser.open(ExplorerBrowser.DESKTOP_WIDTH);

      // home: status, blocks and transactions, charts; a block arrives without a reload
      go(page, url(""), "Network");
      shows(page, "#chain-id", node.genesis().chainId());
      shows(page, "#live", "subscribed");
      PlaywrightAssertions.assertThat(page.locator("#latest-txs tbody tr").first()).isVisible();
      PlaywrightAssertions.assertThat(page.locator("#chart-supply canvas").first()).isVisible();
      PlaywrightAssertions.assertThat(page.locator("#chart-finality canvas").first()).isVisible();
      PlaywrightAssertions.assertThat(page.locator("#chart-stake canvas").first()).isVisible();
      page.evaluate("() => { window.notReloaded = true; }");
      long top =
          Long.parseLong(
              page.locator("#latest-blocks tbody tr").first().getAttribute("data-height"));
      page.waitForFunction(
          "h => Number(document.querySelector('#latest-blocks tbody tr').dataset.height) > h",
          (int) top,
          new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
      assertThat(page.evaluate("() => window.notReloaded === true")).isEqualTo(true);
      shows(page, "#supply-conserved", "yes");

      // the delegator's account: the delegation, its pending reward, the vote, the history
      go(page, url("#/address/" + delegatorAddress), "Account");
      Locator delegations = page.locator("#delegations tbody tr");
      shows(page, "#delegations", "200,000");
      long pending = baseUnits(cell(delegations, "200,000", 3));
      long reported =
          rpc.call("pot_getDelegations", RpcClient.params().put("address", delegatorAddress))
              .path("delegations")
              .get(0)
              .path("pending_reward")
              .asLong();
      assertThat(pending).isPositive().isLessThanOrEqualTo(reported);
      shows(page, "#history", "DELEGATE");
      shows(page, "#history", "VOTE");

      // onward to the validator it delegates to: its delegators, uptime, status, all validators
      delegations.first().locator("a.ref-validator").click();
      shows(page, "#view h1.page-title", "Validator");
      assertThat(page.url()).endsWith("#/validator/" + validator);
      shows(page, "#validator-status", "active");
      shows(page, "#delegators", delegatorAddress.substring(0, 9));
      assertThat(page.locator("#uptime span.up").count()).isPositive();
      shows(page, "#all-validators", "active");

      // the proposal: its title as text, the tally, the votes by weight
      go(page, url("#/proposal/" + proposal), "Proposal #" + proposal);
      assertThat(page.locator("#proposal-title").textContent()).isEqualTo(MARKUP);
      assertThat(page.locator("#view img").count()).isZero();
      shows(page, "#tally-yes", "200,000");
      Locator votes = page.locator("#proposal-votes tbody tr");
      assertThat(votes.count()).isEqualTo(2);
      assertThat(cell(votes, "YES", 2)).startsWith("200,000");
      shows(page, "#proposal-votes", "NO");
      go(page, url("#/proposals"), "Governance proposals");
      assertThat(page.locator("#proposals .proposal-title").first().textContent())
          .isEqualTo(MARKUP);
      page.locator("#proposals a").first().click();
      shows(page, "#view h1.page-title", "Proposal #" + proposal);

      // the transfer: its body and events; its block: signers and transactions
      go(page, url("#/tx/" + transfer), "Transaction");
      shows(page, "#tx-status", "accepted");
      shows(page, "#tx-type", "TRANSFER");
      shows(page, "#view .events", "TRANSFER");
      shows(page, "#view .events", "4,242");
      page.locator("#view a.ref-block").first().click();
      shows(page, "#view h1.page-title", "Block " + String.format("%,d", transferHeight));
      shows(page, "#block-signers", validator.substring(0, 9));
      page.locator("#block-transactions a.ref-tx[data-value='" + transfer + "']").click();
      shows(page, "#view h1.page-title", "Transaction");

      // the task and its dataset, linked both ways
      go(page, url("#/task/" + task), "Task");
      shows(page, "#task-reward", "base");
      shows(page, "#miners", "no miners enrolled");
      shows(page, "#task-spec", "checkpoint every");
      shows(page, "#task-spec", "optimizer");
      page.locator("#view a.ref-dataset").first().click();
      shows(page, "#view h1.page-title", "Dataset");
      shows(page, "#dataset-licence", "MIT (Fashion-MNIST)");
      shows(page, "#dataset-tasks", task.substring(0, 8));

      go(page, url("#/params"), "Chain parameters");
      shows(page, "#params tr[data-param='quorumBps']", "3,340 bps");

      // search: every kind of key
      search(page, delegatorAddress);
      shows(page, "#view h1.page-title", "Account");
      search(page, Long.toString(transferHeight));
      shows(page, "#view h1.page-title", "Block");
      search(page, transfer);
      shows(page, "#view h1.page-title", "Transaction");
      search(page, task);
      shows(page, "#view h1.page-title", "Task");
      search(page, dataset);
      shows(page, "#view h1.page-title", "Dataset");
      search(page, "#" + proposal);
      shows(page, "#view h1.page-title", "Proposal");
      search(page, "not a thing");
      shows(page, "#search-error", "is not an address");
      search(page, MARKUP);
      shows(page, "#search-error", MARKUP);
      assertThat(page.locator("#view img").count()).isZero();

      // by keyboard: the skip link first, then the sections
      go(page, url(""), "Network");
      page.keyboard().press("Tab");
      assertThat(page.evaluate("() => document.activeElement.className")).isEqualTo("skip");
      page.keyboard().press("Tab");
      page.keyboard().press("Tab");
      page.keyboard().press("Tab");
      assertThat(page.evaluate("() => document.activeElement.textContent")).isEqualTo("Validators");
      page.keyboard().press("Enter");
      shows(page, "#view h1.page-title", "Validators");

      screenshots(browser, page, validator, delegatorAddress);
      assertThat(browser.problems).isEmpty();
    }
  }

  private static void search(Page page, String query) {
    page.locator("#search-input").fill(query);
    page.locator("#search-input").press("Enter");
  }

  /** The main routes at desktop width and at 375 px, where nothing may be wider than the screen. */
  private void screenshots(ExplorerBrowser browser, Page desktop, String validator, String account)
      throws IOException {
    Page phone = browser.open(ExplorerBrowser.PHONE_WIDTH);
    String[][] routes = {
      {"home", "", "Network"},
      {"address", "#/address/" + account, "Account"},
      {"validator", "#/validator/" + validator, "Validator"},
      {"task", "#/task/" + task, "Task"},
      {"dataset", "#/dataset/" + dataset, "Dataset"},
      {"proposal", "#/proposal/" + proposal, "Proposal"},
      {"proposals", "#/proposals", "Governance"},
      {"tx", "#/tx/" + transfer, "Transaction"},
      {"block", "#/block/" + transferHeight, "Block"},
      {"params", "#/params", "Chain parameters"},
    };
    for (String[] r : routes) {
      for (Page page : List.of(desktop, phone)) {
        go(page, url(r[1]), r[2]);
        boolean isPhone = page == phone;
        if (isPhone) {
          Object wide = page.evaluate("() => document.documentElement.scrollWidth");
          assertThat(((Number) wide).intValue()).as(r[0] + " at 375 px").isLessThanOrEqualTo(375);
        }
        Path file = ExplorerBrowser.screenshot(page, r[0] + (isPhone ? "-375" : "-desktop"));
        assertThat(Files.size(file)).isPositive();
      }
    }
  }
}

package network.pot.cli.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.logging.Level;
import java.util.logging.Logger;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
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
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web explorer against one real node in this JVM: the GET side serves exactly its three files,
 * {@code pot_getBlocks} pages the chain, and in a headless Chromium the page follows the chain,
 * finds a real transfer by its hash and its recipient by address, lists the validator and shows a
 * bad search as an error. Chromium and its driver come from {@code scripts/setup.sh}; without them
 * the browser test fails and says so.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ExplorerTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final long AMOUNT = 4242;
  private static final long WAIT_MS = 30_000;

  /**
   * Selenium warns that it has no DevTools bindings for this Chromium; the test uses WebDriver
   * only. Held here so the level is not lost with a collected logger.
   */
  private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

  static {
    DEVTOOLS_LOG.setLevel(Level.SEVERE);
  }

  @TempDir static Path dir;
  private RpcNode served;
  private Node node;
  private DevnetLayout.Member member;
  private RpcClient rpc;
  private final HttpClient http = HttpClient.newHttpClient();
  private KeyPair recipient;
  private String transfer;
  private long transferHeight;

  @BeforeAll
  void startNodeAndSendATransfer() throws Exception {
    DevnetLayout layout =
        DevnetLayout.create(dir, 1, 0, List.of(NodeTest.SMALL), DevnetLayout.params());
    member = layout.nodes().get(0);
    served = RpcNode.start(NodeConfig.read(layout.config(member)));
    node = served.node();
    rpc = new RpcClient(member.rpc());
    await("height 2", () -> node.app().state().height() >= 2);
    recipient = KeyPair.generate();
    transfer =
        rpc.send(
                layout.publisher(),
                layout.chainId(),
                1,
                new Payload.Transfer(Address.of(recipient), AMOUNT))
            .path("hash")
            .asText();
    await("the transfer landing", () -> txStatus().path("status").asText().equals("accepted"));
    transferHeight = txStatus().path("height").asLong();

    // a training task for the tasks section: the dataset first, the task once that is on chain
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
  }

  @AfterAll
  void stopNode() {
    if (served != null) {
      served.close();
    }
  }

  private JsonNode txStatus() {
    try {
      return rpc.call("pot_getTransaction", RpcClient.params().put("hash", transfer));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
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

  /**
   * Polls {@code condition} until it holds; a page element replaced mid-check counts as "not yet".
   */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MS;
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (StaleElementReferenceException | NoSuchElementException e) {
        // the page re-rendered between finding and reading an element: look again
      }
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
    assertThat(page.body()).contains("<script src=\"/explorer.js\"");
    assertThat(request("GET", "/explorer.js").headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(request("GET", "/explorer.css?v=1").headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=utf-8");
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
            "/network/pot/node/rpc/explorer/explorer.js",
            "/network/pot/rpc/explorer/explorer.js",
            "/explorer/explorer.js",
            "/../pom.xml",
            "/%2e%2e/%2e%2e/pom.xml",
            "/..%2fpom.xml",
            "/explorer.js%00",
            "/network/pot/node/rpc/RpcServer.class",
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
    assertThat(blocks.get(0).path("tx_count").asInt()).isEqualTo(1);
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

  @Test
  void theExplorerFollowsTheChainAndFindsTheTransfer() throws Exception {
    WebDriver browser = startBrowser();
    try {
      browser.get("http://" + member.rpc() + "/");
      By height = By.id("height");
      await("the header height", () -> text(browser, height).matches("\\d+"));
      long first = Long.parseLong(text(browser, height));
      await("the header height to advance", () -> Long.parseLong(text(browser, height)) > first);
      assertThat(text(browser, By.id("chain-id"))).isEqualTo(node.genesis().chainId());
      assertThat(browser.findElement(By.id("status-error")).isDisplayed()).isFalse();

      By blockRows = By.cssSelector("#blocks tbody tr.clickable");
      await("the block list", () -> !browser.findElements(blockRows).isEmpty());
      await(
          "the newest block on top",
          () ->
              Long.parseLong(browser.findElements(blockRows).get(0).getDomAttribute("data-height"))
                  >= first);

      await("a block's details after a click", () -> clickNewestBlock(browser));
      assertThat(text(browser, By.cssSelector("#detail-body"))).contains("transactions (");

      search(browser, Long.toString(transferHeight));
      await(
          "the transfer in its block",
          () ->
              browser
                  .findElement(By.cssSelector("#block-transactions tbody button"))
                  .getDomAttribute("title")
                  .equals(transfer));

      search(browser, transfer);
      await("the transfer accepted", () -> text(browser, By.id("tx-status")).equals("accepted"));
      assertThat(text(browser, By.id("detail-body"))).contains("TRANSFER");

      search(browser, Address.of(recipient).toString());
      await(
          "the recipient's balance",
          () -> text(browser, By.id("account-balance")).equals(String.format("%,d", AMOUNT)));

      String validator = Address.of(member.key()).toString();
      await(
          "the validator listed",
          () ->
              browser.findElements(By.cssSelector("#validators tbody button.address")).stream()
                  .anyMatch(b -> validator.equals(b.getDomAttribute("title"))));
      String publisher = node.app().state().task(node.tasks().ids().get(0)).publisher().toString();
      await(
          "the task with its publisher",
          () ->
              browser.findElements(By.cssSelector("#tasks article.task button.address")).stream()
                  .anyMatch(b -> publisher.equals(b.getDomAttribute("title"))));
      assertThat(text(browser, By.id("tasks"))).contains("no miners enrolled", "SETTLED\nno");
      await(
          "the supply conserved", () -> text(browser, By.cssSelector("#supply .ok")).equals("yes"));

      search(browser, "not a thing");
      await("an error for a bad search", () -> detailError(browser).contains("is not an address"));
      search(browser, "pot1qqqqqq");
      await("the node's error shown", () -> detailError(browser).contains("params.address"));
      String markup = "<img src=x onerror=alert(1)>";
      search(browser, markup);
      await("markup shown as text", () -> detailError(browser).contains(markup));
      assertThat(browser.findElements(By.cssSelector("#detail img"))).isEmpty();
    } finally {
      browser.quit();
    }
  }

  private static String text(WebDriver browser, By by) {
    return browser.findElement(by).getText();
  }

  private static String detailError(WebDriver browser) {
    WebElement e = browser.findElement(By.id("detail-error"));
    return e.isDisplayed() ? e.getText() : "";
  }

  private static void search(WebDriver browser, String query) {
    WebElement input = browser.findElement(By.id("search-input"));
    input.clear();
    input.sendKeys(query);
    browser.findElement(By.cssSelector("#search button")).click();
  }

  /** Clicks the top row of the block list; true once the detail panel shows that block. */
  private static boolean clickNewestBlock(WebDriver browser) {
    WebElement row = browser.findElements(By.cssSelector("#blocks tbody tr.clickable")).get(0);
    String h = row.getDomAttribute("data-height");
    row.findElement(By.tagName("td")).click();
    return text(browser, By.id("detail-title")).equals("Block " + h);
  }

  private WebDriver startBrowser() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      fail(
          "the explorer test needs headless Chromium at "
              + CHROMIUM
              + " and its driver at "
              + CHROMEDRIVER
              + ": run scripts/setup.sh (it installs Debian's chromium and chromium-driver)");
    }
    // the driver is named here, so Selenium never looks for (or downloads) one of its own
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogOutput(OutputStream.nullOutputStream())
            .build();
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(CHROMIUM.toFile())
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + dir.resolve("chromium"));
    return new ChromeDriver(service, options);
  }
}

package network.pot.cli.node;

import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Debian's headless Chromium ({@code /usr/bin/chromium}, from {@code scripts/setup.sh}) driven by
 * Playwright, which downloads no browser of its own. Every page it opens records what went wrong in
 * it: console errors, uncaught exceptions and dialogs (an {@code alert} would be one). Screenshots
 * go to {@code target/explorer-screenshots/}.
 */
final class ExplorerBrowser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SCREENSHOTS = Path.of("target", "explorer-screenshots");
  static final int DESKTOP_WIDTH = 1280;
  static final int PHONE_WIDTH = 375;

  private final Playwright playwright;
  private final Browser browser;

  /** Console errors, page errors and dialogs of every page opened, in order. */
  final List<String> problems = new CopyOnWriteArrayList<>();

  ExplorerBrowser() {
    if (!Files.isExecutable(CHROMIUM)) {
      fail(
          "the explorer's browser tests need headless Chromium at "
              + CHROMIUM
              + ": run scripts/setup.sh (it installs Debian's chromium)");
    }
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run")));
  }

  /** A new page in a fresh context of {@code width} x 900 CSS pixels, watched for problems. */
  Page open(int width) {
    BrowserContext context =
        browser.newContext(new Browser.NewContextOptions().setViewportSize(width, 900));
    Page page = context.newPage();
    page.onConsoleMessage(
        m -> {
          if (m.type().equals("error")) {
            problems.add("console error on " + page.url() + ": " + m.text());
          }
        });
    page.onPageError(e -> problems.add("uncaught on " + page.url() + ": " + e));
    page.onDialog(
        d -> {
          problems.add("dialog on " + page.url() + ": " + d.message());
          d.dismiss();
        });
    return page;
  }

  /** A full-page screenshot of {@code page} as {@code target/explorer-screenshots/NAME.png}. */
  static Path screenshot(Page page, String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    return file;
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}

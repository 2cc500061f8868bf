package network.pot.rpc.explorer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GET side of the RPC address: the web explorer, a single page that calls the JSON-RPC methods.
 * {@code /}, {@code /explorer.js}, {@code /explorer.css} and the chart library ({@code /uplot.js},
 * {@code /uplot.css}, {@code /uplot-license.txt}) are served with a strict Content-Security-Policy;
 * any other path is 404.
 */
public final class ExplorerFiles {
  /** What the explorer's page may load and call: its own files and this server, nothing else. */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
          + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** An HTTP answer: status, headers in order, body (not sent for HEAD). */
  // The body is handed to the HTTP exchange as it is; nothing compares or keeps replies.
  @SuppressWarnings("ArrayRecordComponent")
  public record Reply(int status, Map<String, String> headers, byte[] body) {}

  private final ExplorerAssets assets;

  private ExplorerFiles(ExplorerAssets assets) {
    this.assets = assets;
  }

  /** Reads the explorer's files; fails now, not at the first request, if one is missing. */
  public static ExplorerFiles load() {
    return new ExplorerFiles(ExplorerAssets.load());
  }

  /** The answer to a GET of {@code rawPath} (the request path, raw, without the query). */
  public Reply get(String rawPath) {
    ExplorerAssets.Asset a = assets.get(rawPath);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Content-Type-Options", "nosniff");
    if (a == null) {
      h.put("Content-Type", "text/plain; charset=utf-8");
      return new Reply(404, h, "not found\n".getBytes(StandardCharsets.UTF_8));
    }
    h.put("Content-Type", a.contentType());
    h.put("Content-Security-Policy", CSP);
    h.put("Referrer-Policy", "no-referrer");
    h.put("Cache-Control", "no-cache");
    return new Reply(200, h, a.body());
  }
}

package network.pot.rpc.explorer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web explorer's files, read once from the classpath ({@code network/pot/rpc/explorer/}), and
 * the chart library uPlot from its WebJar. Only the request paths listed here exist; a lookup
 * compares the whole path, so no request can name any other resource or file.
 */
final class ExplorerAssets {
  /** Where the uPlot WebJar keeps its files; the version is the pom's {@code uplot.version}. */
  static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/";

  /** One file as served: its bytes and Content-Type. */
  // Loaded once and only ever written to the response; never compared or changed.
  @SuppressWarnings("ArrayRecordComponent")
  record Asset(byte[] body, String contentType) {}

  private final Map<String, Asset> byPath;

  private ExplorerAssets(Map<String, Asset> byPath) {
    this.byPath = byPath;
  }

  /** Loads every asset; fails at startup, not at the first request, if one is missing. */
  static ExplorerAssets load() {
    return new ExplorerAssets(
        Map.of(
            "/", read("index.html", "text/html; charset=utf-8"),
            "/explorer.js", read("explorer.js", "text/javascript; charset=utf-8"),
            "/explorer.css", read("explorer.css", "text/css; charset=utf-8"),
            "/favicon.svg", read("favicon.svg", "image/svg+xml"),
            "/uplot.js", read(UPLOT + "dist/uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "/uplot.css", read(UPLOT + "dist/uPlot.min.css", "text/css; charset=utf-8"),
            "/uplot-license.txt", read(UPLOT + "LICENSE", "text/plain; charset=utf-8")));
  }

  /** The asset served at {@code path} (a raw request path without query), or null. */
  Asset get(String path) {
    return byPath.get(path);
  }

  /**
   * A file beside this class, or an absolute classpath resource when {@code name} starts with /.
   */
  private static Asset read(String name, String contentType) {
    try (InputStream in = ExplorerAssets.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("explorer asset missing from the classpath: " + name);
      }
      return new Asset(in.readAllBytes(), contentType);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read explorer asset " + name, e);
    }
  }
}

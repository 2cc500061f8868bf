package network.pot.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import network.pot.node.Node;
import network.pot.node.NodeConfig;
import network.pot.rpc.RpcClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A devnet (4 validators, 2 miners, node processes) runs {@code -Dpot.soak.tasks} small tasks (50
 * by default) one after another, each node collecting every 10 blocks. After each settled task it
 * prints every node's artifact bytes on disk and, of those, the pinned bytes (the winning models
 * the miners keep by default, with what serves them). Once the first tasks' fraud-proof windows
 * have closed, the unpinned bytes level off: a validator's store, and a miner's beside its own
 * models, no longer grow with the number of tasks. Two validators prune their block history as far
 * as the protocol allows ({@code pruning = "everything"}), the others keep the default. At the end
 * every validator's watcher must have re-checked every accepted proof (the fraud-proof windows were
 * served), and a node joining then restores a snapshot and follows the chain.
 */
@Tag("long")
class StorageSoakTest {
  private static final Pattern PINNED =
      Pattern.compile("(?m)^pot_artifact_pinned_bytes(?:\\{[^}]*\\})? ([0-9.eE+]+)$");

  @TempDir Path dir;
  private Devnet devnet;

  @AfterEach
  void stop() throws IOException {
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void theArtifactStoreLevelsOffOverManyTasks() throws Exception {
    int tasks = Integer.getInteger("pot.soak.tasks", 50);
    DevnetLayout layout =
        DevnetLayout.create(dir, 4, 2, List.of(DevnetTest.SMALL), DevnetLayout.params());
    for (int i = 0; i < layout.nodes().size(); i++) {
      // two validators keep only the block history the protocol needs, the others the default
      String pruning = i == 2 || i == 3 ? "everything" : "default";
      Files.writeString(
          layout.config(layout.nodes().get(i)),
          "\n[storage]\ngc_interval_blocks = 10\npruning = \"" + pruning + "\"\n",
          StandardOpenOption.APPEND);
    }
    devnet =
        new Devnet(
            new Devnet.Options(
                dir, 4, 2, DevnetTest.SMALL, true, tasks, 100, 25, 2, 240L * tasks, false),
            layout,
            System.out);
    devnet.start();
    devnet.awaitHeight(1, 120_000);
    Devnet d = devnet;
    CompletableFuture<?> run =
        CompletableFuture.runAsync(
            () -> {
              try {
                d.run();
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    List<long[]> unpinned = new ArrayList<>(); // per settled task: unpinned bytes per node
    long settled = 0;
    while (settled < tasks) {
      if (run.isDone()) {
        run.join(); // rethrows what stopped it
        if (settled >= tasks) {
          break;
        }
      }
      long now = settledTasks(d);
      if (now > settled) {
        settled = now;
        unpinned.add(report(layout, settled));
      }
      Thread.sleep(1000);
    }
    run.get(60, TimeUnit.SECONDS);

    // every fraud-proof window was served: each validator's watcher re-checked random segments of
    // every accepted proof (a checkpoint collected too early would have left it unable to)
    long accepted = acceptedProofs(d);
    for (int i = 0; i < 4; i++) {
      long checked = work(layout.nodes().get(i), "watcher_checked");
      System.out.printf(
          "%s: watcher re-checked %d proofs of %d accepted%n",
          layout.nodes().get(i).name(), checked, accepted);
      assertThat(checked).as("proofs node %d re-checked", i).isGreaterThanOrEqualTo(accepted);
    }

    // a node joining now still restores a snapshot (from peers that pruned their history or not)
    // and follows the chain
    DevnetLayout.Joined late =
        layout.join("late", layout.userKey(), layout.userPassphrase(), layout.publisher());
    long t0 = System.nanoTime();
    try (Node node = Node.start(NodeConfig.read(late.config()).withStateSync(true))) {
      assertThat(node.restored()).as("restored from a snapshot").isNotNull();
      long target = d.rpc(0).call("pot_status").path("height").asLong();
      long deadline = System.currentTimeMillis() + 120_000;
      while (node.app().state().height() < target && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      System.out.printf(
          "a late node state-synced at %d and reached %d in %d ms%n",
          node.restored().height(),
          node.app().state().height(),
          (System.nanoTime() - t0) / 1_000_000);
      assertThat(node.app().state().height()).isGreaterThanOrEqualTo(target);
    }

    // the last third of the run holds no more unpinned bytes than the middle third, within half of
    // it. Medians: a sample taken while two tasks' proofs are on disk together, just before a
    // collection, is a spike of one task's size, not growth; a leak moves the median.
    if (unpinned.size() >= 15) {
      int n = unpinned.size();
      for (int node = 0; node < layout.nodes().size(); node++) {
        long middle = median(unpinned.subList(n / 3, 2 * n / 3), node);
        long last = median(unpinned.subList(2 * n / 3, n), node);
        System.out.printf(
            "%s: median unpinned bytes, middle third %d, last third %d%n",
            layout.nodes().get(node).name(), middle, last);
        assertThat(last)
            .as("node %s: median unpinned bytes, last third vs middle third", node)
            .isLessThanOrEqualTo(middle + middle / 2);
      }
    }
  }

  private static long median(List<long[]> rows, int node) {
    long[] v = rows.stream().mapToLong(r -> r[node]).sorted().toArray();
    return v[v.length / 2];
  }

  /** Proofs the committees accepted, over all tasks. */
  private static long acceptedProofs(Devnet d) throws IOException {
    long n = 0;
    for (JsonNode t : d.rpc(0).call("pot_getTasks")) {
      JsonNode task =
          d.rpc(0).call("pot_getTask", RpcClient.params().put("id", t.path("id").asText()));
      for (JsonNode m : task.path("miners")) {
        if (m.path("status").asText().equals("ACCEPTED")) {
          n++;
        }
      }
    }
    return n;
  }

  private static long work(DevnetLayout.Member m, String kind) throws Exception {
    Matcher x =
        Pattern.compile("(?m)^pot_work_total\\{[^}]*kind=\"" + kind + "\"[^}]*\\} ([0-9.eE+]+)$")
            .matcher(metrics(m));
    return x.find() ? (long) Double.parseDouble(x.group(1)) : 0;
  }

  /** Settled tasks; each had a winner (so the dataset was served and the work trained). */
  private static long settledTasks(Devnet d) throws IOException {
    long n = 0;
    for (JsonNode t : d.rpc(0).call("pot_getTasks")) {
      if (t.path("settled").asBoolean()) {
        n++;
        assertThat(t.path("winner").isTextual()).as("task %s has a winner", t.path("id")).isTrue();
      }
    }
    return n;
  }

  /** Prints one line per node: bytes of its artifacts on disk and pinned; returns the unpinned. */
  private static long[] report(DevnetLayout layout, long settled) throws Exception {
    List<DevnetLayout.Member> nodes = layout.nodes();
    long[] unpinned = new long[nodes.size()];
    StringBuilder line = new StringBuilder("settled " + settled);
    for (int i = 0; i < nodes.size(); i++) {
      DevnetLayout.Member m = nodes.get(i);
      long bytes = bytesUnder(layout.config(m).resolveSibling("data").resolve("artifacts"));
      long pinned = pinned(m);
      unpinned[i] = bytes - pinned;
      Path data = layout.config(m).resolveSibling("data");
      long history = bytesUnder(data.resolve("chain")) + bytesUnder(data.resolve("consensus"));
      line.append(
          String.format(
              " | %s %d bytes (%d pinned), blocks and state %d", m.name(), bytes, pinned, history));
    }
    System.out.println(line);
    return unpinned;
  }

  private static String metrics(DevnetLayout.Member m) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://" + m.rpc() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static long pinned(DevnetLayout.Member m) throws Exception {
    Matcher x = PINNED.matcher(metrics(m));
    return x.find() ? (long) Double.parseDouble(x.group(1)) : 0;
  }

  private static long bytesUnder(Path d) throws IOException {
    if (!Files.exists(d)) {
      return 0;
    }
    for (int attempt = 0; ; attempt++) {
      long n = 0;
      try (var files = Files.walk(d)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          try {
            n += Files.size(f);
          } catch (IOException gone) {
            // collected while walking
          }
        }
        return n;
      } catch (java.io.UncheckedIOException e) {
        if (attempt == 3) {
          throw e.getCause();
        }
        // a file collected while it was listed: walk again
      }
    }
  }
}

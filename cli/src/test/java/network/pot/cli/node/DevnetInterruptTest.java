package network.pot.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import network.pot.cli.Main;
import network.pot.cli.devnet.DevnetLayout;
import network.pot.rpc.RpcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pot devnet} as a user runs it, in its own process: Ctrl-C (SIGINT) stops it and every node
 * process it started, each closing cleanly; rerun on the same data directory, it resumes the same
 * chain from where it stopped.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DevnetInterruptTest {
  static final Path SMALL =
      Path.of("..", "data", "fashion-mnist-small").toAbsolutePath().normalize();

  @TempDir Path dir;

  private Process devnet(List<String> out) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "devnet",
                "--validators",
                "2",
                "--miners",
                "0",
                "--data",
                SMALL.toString(),
                "--data-dir",
                dir.toString())
            .redirectErrorStream(true)
            .start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  out.add(line);
                }
              } catch (IOException e) {
                out.add("read failed: " + e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  private long height(DevnetLayout layout) {
    try {
      return new RpcClient(layout.nodes().get(0).rpc()).call("pot_status").path("height").asLong();
    } catch (IOException notUp) {
      return -1;
    }
  }

  private long awaitHeight(DevnetLayout layout, long h, List<String> out)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    long now;
    while ((now = height(layout)) < h) {
      assertThat(System.currentTimeMillis())
          .as("height %d; output %s", h, out)
          .isLessThan(deadline);
      Thread.sleep(200);
    }
    return now;
  }

  /**
   * Ctrl-C: SIGINT, unless the process inherited SIGINT as ignored (as children of a background job
   * do, where the JVM rightly leaves it ignored); then SIGTERM, which runs the same shutdown path.
   */
  private static void interrupt(Process p) throws IOException, InterruptedException {
    String signal = ignoresSigint(p.pid()) ? "-TERM" : "-INT";
    Process kill = new ProcessBuilder("kill", signal, Long.toString(p.pid())).start();
    assertThat(kill.waitFor()).isZero();
  }

  private static boolean ignoresSigint(long pid) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseLong(line.substring(7).trim(), 16) & (1L << 1)) != 0; // SIGINT is 2
      }
    }
    return false;
  }

  @Test
  void ctrlCStopsEveryNodeAndARerunResumes() throws Exception {
    List<String> out = new CopyOnWriteArrayList<>();
    Process first = devnet(out);
    long deadline = System.currentTimeMillis() + 60_000;
    while (!DevnetLayout.exists(dir)) {
      assertThat(System.currentTimeMillis())
          .as("layout written; output %s", out)
          .isLessThan(deadline);
      Thread.sleep(100);
    }
    Thread.sleep(500); // the layout's files are complete once devnet.json exists
    DevnetLayout layout = DevnetLayout.read(dir);
    awaitHeight(layout, 5, out);
    List<ProcessHandle> nodes = new ArrayList<>(first.descendants().toList());
    assertThat(nodes).hasSizeGreaterThanOrEqualTo(2);
    long before = height(layout);
    interrupt(first);
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("devnet exits; output %s", out).isTrue();
    for (ProcessHandle n : nodes) {
      n.onExit().get(30, TimeUnit.SECONDS);
      assertThat(n.isAlive()).isFalse();
    }
    for (DevnetLayout.Member m : layout.nodes()) {
      assertThat(Files.readString(layout.log(m)))
          .as("%s closed cleanly", m.name())
          .contains(" stopped");
    }

    List<String> again = new CopyOnWriteArrayList<>();
    Process second = devnet(again);
    try {
      long first0 = awaitHeight(layout, 0, again);
      // reopened from its own storage: nothing finalized before Ctrl-C is lost
      assertThat(first0).isGreaterThanOrEqualTo(before);
      awaitHeight(layout, first0 + 3, again);
      assertThat(String.join("\n", again)).contains("resuming");
      assertThat(String.join("\n", out)).contains("devnet: stopped");
    } finally {
      interrupt(second);
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }
}

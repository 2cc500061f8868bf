package network.pot.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import network.pot.cli.Main;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack on a devnet's liveness: a node process dies (here: killed with SIGKILL from outside)
 * and the devnet carries on short of it, or the devnet's own process is stopped with SIGTERM and
 * leaves its nodes running. A death must be reported by name within 5 s and fail the devnet; a
 * SIGTERM must stop every node.
 */
@Tag("attack")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DevnetNodeDeathTest {
  static final Path SMALL =
      Path.of("..", "data", "fashion-mnist-small").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void aNodeThatDiesIsNamedWithinFiveSecondsAndFailsTheDevnet() throws Exception {
    DevnetLayout layout = DevnetLayout.create(dir, 2, 0, List.of(SMALL), DevnetLayout.params());
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8);
    Devnet.Options o = new Devnet.Options(dir, 2, 0, SMALL, false, 0, 100, 25, 2, 0, false);
    try (Devnet devnet = new Devnet(o, layout, out)) {
      devnet.start();
      devnet.awaitHeight(1, 120_000);
      devnet.checkNodes();

      Process victim = devnet.processes().get(1);
      victim.toHandle().destroyForcibly(); // SIGKILL, not through the devnet
      victim.waitFor(10, TimeUnit.SECONDS);
      long killed = System.nanoTime();
      String expected = "validator-1 died";
      while (!progress.toString(StandardCharsets.UTF_8).contains(expected)) {
        assertThat((System.nanoTime() - killed) / 1_000_000)
            .as("reported within 5 s; progress so far:%n%s", progress)
            .isLessThan(5_000);
        Thread.sleep(20);
      }
      String report = progress.toString(StandardCharsets.UTF_8);
      assertThat(report).contains(layout.log(layout.nodes().get(1)).toString());
      assertThatThrownBy(() -> devnet.awaitHeight(1_000, 60_000))
          .isInstanceOf(NodeDiedException.class)
          .hasMessageContaining("validator-1")
          .hasMessageContaining("node.log");
      assertThat((System.nanoTime() - killed) / 1_000_000).isLessThan(5_000);
    }
  }

  /** {@code pot devnet} as a user runs it: a node dies, the command exits 1 with one line. */
  @Test
  void potDevnetExitsWithOneLineNamingTheDeadNodeAndItsLog() throws Exception {
    Process devnet =
        pot(
            List.of(
                "devnet",
                "--validators",
                "2",
                "--miners",
                "0",
                "--data",
                SMALL.toString(),
                "--data-dir",
                dir.toString()));
    List<String> lines = read(devnet);
    List<ProcessHandle> nodes = new ArrayList<>();
    try {
      long deadline = System.currentTimeMillis() + 120_000;
      while (lines.stream().noneMatch(l -> l.contains("height "))) {
        assertThat(System.currentTimeMillis())
            .as("the devnet runs; output %s", lines)
            .isLessThan(deadline);
        assertThat(devnet.isAlive()).as("the devnet runs; output %s", lines).isTrue();
        Thread.sleep(200);
      }
      nodes.addAll(devnet.descendants().toList());
      DevnetLayout layout = DevnetLayout.read(dir);
      String victim = layout.log(layout.nodes().get(1)).toString();
      ProcessHandle node =
          nodes.stream()
              .filter(h -> commandLine(h).contains("validator-1"))
              .findFirst()
              .orElseThrow();
      node.destroyForcibly();
      assertThat(devnet.waitFor(30, TimeUnit.SECONDS))
          .as("the devnet stops; output %s", lines)
          .isTrue();
      assertThat(devnet.exitValue()).isEqualTo(1);
      Thread.sleep(200); // the reader drains the last line
      String last = lines.get(lines.size() - 1);
      assertThat(last).contains("validator-1 died").contains(victim);
      for (ProcessHandle n : nodes) {
        n.onExit().get(30, TimeUnit.SECONDS);
      }
    } finally {
      devnet.destroyForcibly();
      nodes.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** A process's command line, from /proc (ProcessHandle.Info may leave the arguments out). */
  private static String commandLine(ProcessHandle h) {
    try {
      return new String(
          java.nio.file.Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline")),
          StandardCharsets.UTF_8);
    } catch (IOException gone) {
      return "";
    }
  }

  /** {@code pot ARGS} in a JVM of its own, stdout and stderr together. */
  private static Process pot(List<String> args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /** The lines {@code p} prints, collected as they come. */
  private static List<String> read(Process p) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("read failed: " + e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  @Test
  void aSigtermToBenchDevnetStopsEveryNode() throws Exception {
    Process bench =
        pot(
            List.of(
                "bench",
                "devnet",
                "--validators",
                "2",
                "--miners",
                "0",
                "--senders",
                "1",
                "--rate",
                "10",
                "--seconds",
                "600",
                "--warmup-seconds",
                "0",
                "--data-dir",
                dir.resolve("bench").toString()));
    List<String> lines = read(bench);
    List<ProcessHandle> nodes = new ArrayList<>();
    try {
      long deadline = System.currentTimeMillis() + 120_000;
      // the load phase runs once the nodes are up
      while (lines.stream().noneMatch(l -> l.contains("load phase 1"))) {
        assertThat(System.currentTimeMillis())
            .as("the bench starts; output %s", lines)
            .isLessThan(deadline);
        assertThat(bench.isAlive()).as("the bench runs; output %s", lines).isTrue();
        Thread.sleep(200);
      }
      nodes.addAll(bench.descendants().toList());
      assertThat(nodes).hasSizeGreaterThanOrEqualTo(2);
      Process term = new ProcessBuilder("kill", "-TERM", Long.toString(bench.pid())).start();
      assertThat(term.waitFor()).isZero();
      assertThat(bench.waitFor(60, TimeUnit.SECONDS)).as("bench exits; output %s", lines).isTrue();
      for (ProcessHandle n : nodes) {
        n.onExit().get(30, TimeUnit.SECONDS);
        assertThat(n.isAlive()).as("node process %d", n.pid()).isFalse();
      }
    } finally {
      bench.destroyForcibly();
      for (ProcessHandle n : nodes) {
        n.destroyForcibly();
      }
    }
  }
}

package network.pot.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import network.pot.cli.Main;
import network.pot.cli.devnet.Devnet;

/**
 * Runs the shell blocks of a guide in {@code docs/} as written, in order, in one bash session (as a
 * person pasting them into a terminal would), in a fresh directory where {@code ./pot} runs this
 * build's command line and {@code data} is the repository's data. A block whose info string says
 * {@code background wait-for="TEXT"} is a command the guide runs in another terminal: it is started
 * in the background, and the next block waits until its output shows TEXT. Every command must
 * succeed; background processes are stopped at the end, also on failure. Only blocks fenced as
 * {@code bash} run; {@code sh} blocks are for reading.
 */
final class DocRunner {
  private static final Path DATA = Path.of("..", "data").toAbsolutePath().normalize();
  private static final Pattern FENCE =
      Pattern.compile("(?m)^```bash([^\\n]*)\\n(.*?)^```\\s*$", Pattern.DOTALL);
  private static final Pattern WAIT_FOR = Pattern.compile("wait-for=\"([^\"]+)\"");

  private final Path dir;

  /** A runner working in {@code dir} (a fresh temporary directory). */
  DocRunner(Path dir) {
    this.dir = dir;
  }

  /** One shell block of a guide. */
  record Block(String text, boolean background, String waitFor) {}

  static List<Block> blocks(String markdown) {
    List<Block> out = new ArrayList<>();
    Matcher m = FENCE.matcher(markdown);
    while (m.find()) {
      String info = m.group(1);
      boolean background = info.contains("background");
      Matcher w = WAIT_FOR.matcher(info);
      String waitFor = w.find() ? w.group(1) : null;
      if (background && (waitFor == null || m.group(2).strip().contains("\n"))) {
        throw new IllegalArgumentException(
            "a background block is one command with wait-for=\"TEXT\": " + m.group());
      }
      out.add(new Block(m.group(2), background, waitFor));
    }
    return out;
  }

  /**
   * Runs {@code guide}'s blocks (at least {@code minBlocks} of them) within {@code seconds};
   * returns everything they printed. The output is also kept at {@code keptLog} for reading after
   * the run.
   */
  String run(Path guide, int minBlocks, long seconds, Path keptLog) throws Exception {
    List<Block> blocks = blocks(Files.readString(guide));
    assertThat(blocks).as("shell blocks in " + guide).hasSizeGreaterThanOrEqualTo(minBlocks);
    writePot();
    Files.createSymbolicLink(dir.resolve("data"), DATA);
    Path script = dir.resolve("guide.sh");
    Files.writeString(script, script(blocks));
    Path log = dir.resolve("guide.log");
    Process bash =
        new ProcessBuilder("bash", script.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      boolean done = bash.waitFor(seconds, TimeUnit.SECONDS);
      String output = Files.readString(log);
      assertThat(done).as("the guide finished in time; output:\n" + tail(output)).isTrue();
      assertThat(bash.exitValue())
          .as("the guide's commands succeed; output:\n" + tail(output))
          .isZero();
      return output;
    } finally {
      bash.destroyForcibly();
      stopBackground();
      Files.createDirectories(keptLog.toAbsolutePath().getParent());
      Files.copy(log, keptLog, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** {@code ./pot}: this build's command line, as the repository's script runs the jar. */
  private void writePot() throws IOException {
    String cmd =
        Devnet.javaCommand(Main.class.getName()).stream()
            .map(DocRunner::quote)
            .collect(Collectors.joining(" "));
    Path pot = dir.resolve("pot");
    Files.writeString(pot, "#!/usr/bin/env bash\nexec " + cmd + " \"$@\"\n");
    Files.setPosixFilePermissions(pot, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private String script(List<Block> blocks) {
    StringBuilder s = new StringBuilder("set -euo pipefail\nexport PS4='+ $(date +%T) '\n");
    int n = 0;
    for (Block b : blocks) {
      n++;
      s.append("echo '### block ").append(n).append("'\n");
      if (b.background()) {
        String bgLog = "background-" + n + ".log";
        s.append("echo ").append(quote("+ [background] " + b.text().strip())).append('\n');
        s.append(b.text().strip()).append(" > ").append(bgLog).append(" 2>&1 &\n");
        s.append("echo $! >> background.pids\n");
        s.append("for i in $(seq 1 600); do grep -qF -- ")
            .append(quote(b.waitFor()))
            .append(' ')
            .append(bgLog)
            .append(" && break; sleep 0.5; done\n");
        s.append("grep -qF -- ")
            .append(quote(b.waitFor()))
            .append(' ')
            .append(bgLog)
            .append(" || { echo 'background command never printed its line:'; cat ")
            .append(bgLog)
            .append("; exit 1; }\n");
      } else {
        s.append("set -x\n").append(b.text()).append("set +x\n");
      }
    }
    return s.toString();
  }

  /** Stops what the guide started in the background: SIGTERM, then SIGKILL what is left. */
  private void stopBackground() throws IOException, InterruptedException {
    Path pids = dir.resolve("background.pids");
    if (!Files.exists(pids)) {
      return;
    }
    List<ProcessHandle> all = new ArrayList<>();
    for (String line : Files.readAllLines(pids, StandardCharsets.UTF_8)) {
      ProcessHandle.of(Long.parseLong(line.strip()))
          .ifPresent(
              h -> {
                h.descendants().forEach(all::add);
                all.add(h);
                h.destroy();
              });
    }
    long deadline = System.currentTimeMillis() + 30_000;
    for (ProcessHandle h : all) {
      while (h.isAlive() && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      h.destroyForcibly();
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static String tail(String output) {
    return output.length() <= 20_000 ? output : output.substring(output.length() - 20_000);
  }
}

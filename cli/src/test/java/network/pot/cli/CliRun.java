package network.pot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import network.pot.base.json.Json;
import picocli.CommandLine;

/**
 * Runs the {@code pot} command line in-process, as the shell would, and captures its exit code,
 * stdout and stderr: the one harness of the command tests. {@link #of} runs one command line; a
 * test that checks what several runs printed between them uses one instance and {@link #run} (each
 * run's output is appended to the earlier runs').
 */
public final class CliRun {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private int exitCode = -1;

  /** Runs {@code pot args...} once. */
  public static CliRun of(String... args) {
    CliRun r = new CliRun();
    r.run(args);
    return r;
  }

  /** Runs {@code pot args...}, appending its output to this run's; returns its exit code. */
  public int run(String... args) {
    CommandLine cl = PotCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    exitCode = cl.execute(args);
    return exitCode;
  }

  /** The exit code of the last run. */
  public int exitCode() {
    return exitCode;
  }

  /** Everything printed on stdout. */
  public String out() {
    return out.toString();
  }

  /** Everything printed on stderr. */
  public String err() {
    return err.toString();
  }

  /** Forgets what stdout held so far (the next run's output starts it afresh). */
  public void clearOut() {
    out.getBuffer().setLength(0);
  }

  /**
   * The last stdout line as JSON, once the run is known to have exited 0 (a failure shows both
   * streams).
   */
  public JsonNode json() {
    assertThat(exitCode).as("stderr: " + err() + "\nstdout: " + out()).isZero();
    try {
      return Json.read(lastLine());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + out(), e);
    }
  }

  /**
   * Runs a transaction command ({@code pot args... --key KEY --passphrase-file PASS --node NODE
   * --json}) that must be accepted; its answer.
   */
  public static JsonNode accepted(String node, Path key, Path passphrase, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--key",
            key.toString(),
            "--passphrase-file",
            passphrase.toString(),
            "--node",
            node,
            "--json"));
    JsonNode o = of(all.toArray(String[]::new)).json();
    assertThat(o.path("status").asText()).as(o.toString()).isEqualTo("accepted");
    return o;
  }

  /** The last non-empty line of stdout. */
  public String lastLine() {
    String[] lines = out().strip().split("\n", -1);
    return lines[lines.length - 1];
  }
}

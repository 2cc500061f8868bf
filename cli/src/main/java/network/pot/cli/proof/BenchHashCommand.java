package network.pot.cli.proof;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Blake3;
import network.pot.base.crypto.Sha256;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import org.bouncycastle.crypto.digests.Blake3Digest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pot bench hash}: how fast each candidate for the checkpoint state hash digests one
 * checkpoint-sized buffer on this machine, single-threaded as the prover's hashing thread runs. The
 * candidates are timed in turn within each round, so a busy machine slows them alike.
 */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    description = {
      "Measures the digests a checkpoint state hash could use on one buffer of random bytes"
          + " (default: the size of the benchmark task's mlp checkpoint): the JDK's SHA-256,"
          + " BouncyCastle's BLAKE3, this project's BLAKE3 (vector lanes) and its scalar path.",
      "Each round hashes the buffer once with each, in turn, after a warm-up; prints for every"
          + " digest the median processor time per buffer (and MB per processor second), which a"
          + " busy machine disturbs less than the median wall time, also printed, and the wall"
          + " time of its first (cold) buffer in this JVM, as one JSON object."
    })
public final class BenchHashCommand extends JsonCommand {
  @Option(
      names = "--bytes",
      description = "Buffer size in bytes (default ${DEFAULT-VALUE}, one mlp checkpoint).")
  int bytes = 1_880_000;

  @Option(names = "--rounds", description = "Timed rounds (default ${DEFAULT-VALUE}).")
  int rounds = 101;

  @Option(
      names = "--warmup-seconds",
      description =
          "Warm-up time per digest before timing, all of them in turn (default ${DEFAULT-VALUE}).")
  double warmupSeconds = 3.0;

  @Override
  protected void validate() {
    if (bytes < 0 || rounds < 1 || warmupSeconds < 0) {
      throw new UserException(
          "--bytes and --warmup-seconds must not be negative, --rounds must be at least 1");
    }
  }

  @Override
  protected int run(ObjectNode out, Output progress) throws Exception {
    byte[] buf = new byte[bytes];
    new SplittableRandom(1).nextBytes(buf);
    MessageDigest sha = Sha256.digest();
    Blake3Digest bc = new Blake3Digest();
    Map<String, Function<byte[], byte[]>> digests = new LinkedHashMap<>();
    digests.put("sha256_jdk", b -> sha.digest(b));
    digests.put(
        "blake3_bouncycastle",
        b -> {
          bc.update(b, 0, b.length);
          byte[] d = new byte[Blake3.SIZE];
          bc.doFinal(d, 0);
          return d;
        });
    digests.put("blake3", Blake3::hash);
    digests.put("blake3_scalar", b -> Blake3.hashScalar(b, 0, b.length));

    Map<String, byte[]> results = new LinkedHashMap<>();
    ObjectNode first = out.putObject("ms_first_buffer");
    for (Map.Entry<String, Function<byte[], byte[]>> e : digests.entrySet()) {
      long t0 = System.nanoTime();
      results.put(e.getKey(), e.getValue().apply(buf));
      first.put(e.getKey(), Math.round((System.nanoTime() - t0) / 1e3) / 1e3);
    }
    // the warm-up takes the digests in turn too, so that no digest's code is recompiled for a
    // profile that changed after its own warm-up (the two BLAKE3 paths share methods)
    progress.note("warming up for " + warmupSeconds * digests.size() + " s");
    long until = System.nanoTime() + (long) (warmupSeconds * digests.size() * 1e9);
    while (System.nanoTime() < until) {
      for (Map.Entry<String, Function<byte[], byte[]>> e : digests.entrySet()) {
        results.put(e.getKey(), e.getValue().apply(buf));
      }
    }
    Map<String, long[]> nanos = new LinkedHashMap<>();
    Map<String, long[]> cpuNanos = new LinkedHashMap<>();
    digests.keySet().forEach(k -> nanos.put(k, new long[rounds]));
    digests.keySet().forEach(k -> cpuNanos.put(k, new long[rounds]));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    progress.note("timing " + rounds + " rounds of " + bytes + " bytes");
    for (int r = 0; r < rounds; r++) {
      for (Map.Entry<String, Function<byte[], byte[]>> e : digests.entrySet()) {
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        byte[] d = e.getValue().apply(buf);
        nanos.get(e.getKey())[r] = System.nanoTime() - t0;
        cpuNanos.get(e.getKey())[r] = threads.getCurrentThreadCpuTime() - c0;
        results.put(e.getKey(), d);
      }
    }
    if (!Arrays.equals(results.get("blake3"), results.get("blake3_bouncycastle"))
        || !Arrays.equals(results.get("blake3"), results.get("blake3_scalar"))) {
      throw new IllegalStateException("the BLAKE3 implementations disagree");
    }
    out.put("bytes", bytes);
    out.put("rounds", rounds);
    out.put("processors", Runtime.getRuntime().availableProcessors());
    List<String> names = new ArrayList<>(digests.keySet());
    ObjectNode mbps = out.putObject("mb_per_cpu_sec_median");
    ObjectNode cpuMs = out.putObject("cpu_ms_per_buffer_median");
    ObjectNode ms = out.putObject("wall_ms_per_buffer_median");
    ObjectNode hex = out.putObject("digest");
    for (String name : names) {
      long[] t = nanos.get(name);
      long[] c = cpuNanos.get(name);
      Arrays.sort(t);
      Arrays.sort(c);
      double cpu = Math.max(1, c[c.length / 2]) / 1e9;
      mbps.put(name, Math.round(bytes / cpu / 1e5) / 10.0);
      cpuMs.put(name, Math.round(cpu * 1e6) / 1e3);
      ms.put(name, Math.round(t[t.length / 2] / 1e3) / 1e3);
      hex.put(name, Hex.encode(results.get(name)));
    }
    out.put(
        "blake3_speedup_over_sha256",
        Math.round(
                100.0
                    * cpuNanos.get("sha256_jdk")[rounds / 2]
                    / Math.max(1, cpuNanos.get("blake3")[rounds / 2]))
            / 100.0);
    return ExitCodes.OK;
  }
}

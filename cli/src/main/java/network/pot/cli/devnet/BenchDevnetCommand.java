package network.pot.cli.devnet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.base.io.FileTrees;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pot bench devnet}: finality and throughput of a local network, and task costs. */
@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a fresh local network (one OS process per node, as pot devnet) and measures it:",
      "transfers signed ahead of time are offered at --rate through the validators' JSON-RPC,",
      "first with the miners idle, then while they train a task; then the task runs until",
      "both proofs are verified. Prints one JSON object: per phase finalized_tx_per_sec and",
      "finality_ms_median/p90/p99 (submission to the block being seen finalized); for the",
      "task tasks_verified_per_hour and verification_fraction_of_training. Progress on stderr."
    })
public final class BenchDevnetCommand extends JsonCommand {
  @Option(names = "--validators", defaultValue = "4", description = "Validators (default: 4).")
  int validators;

  @Option(names = "--miners", defaultValue = "2", description = "Miners (default: 2).")
  int miners;

  @Option(
      names = "--senders",
      defaultValue = "100",
      description = "Funded sender accounts the load comes from (default: ${DEFAULT-VALUE}).")
  int senders;

  @Option(
      names = "--rate",
      defaultValue = "2500",
      paramLabel = "TX_PER_SEC",
      description = "Transfers offered per second (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--seconds",
      defaultValue = "15",
      description = "Length of each load phase (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "25",
      description =
          "A load phase at the same rate before the measured ones, reported apart, so that JIT"
              + " compilation is over (default: ${DEFAULT-VALUE}; 0 skips it).")
  int warmupSeconds;

  @Option(
      names = "--data",
      defaultValue = "/usr/share/datasets/fashion-mnist",
      paramLabel = "DIR",
      description = "Dataset of the task (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--steps",
      defaultValue = "1000",
      paramLabel = "T",
      description = "Steps of the task (default: ${DEFAULT-VALUE}).")
  long steps;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "25",
      paramLabel = "K",
      description = "Checkpoint interval of the task (default: ${DEFAULT-VALUE}).")
  long checkpointEvery;

  @Option(
      names = "--samples",
      defaultValue = "4",
      paramLabel = "q",
      description = "Segments each verifier re-executes (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Keep the network's files here (default: a temporary directory, removed).")
  Path dir;

  @Option(
      names = "--in-process",
      description =
          "Run every node in this JVM (own keys, RocksDB and sockets each) instead of one process"
              + " per node.")
  boolean inProcess;

  @Override
  protected void validate() {
    if (validators < 1
        || miners < 0
        || senders < 1
        || rate < 1
        || seconds < 1
        || warmupSeconds < 0) {
      throw new UserException(
          "--validators, --senders, --rate and --seconds must be >= 1, --miners and --warmup-seconds"
              + " >= 0");
    }
    if (steps < 1 || checkpointEvery < 1 || steps % checkpointEvery != 0 || samples < 1) {
      throw new UserException(
          "--steps must be a positive multiple of --checkpoint-every; --samples >= 1");
    }
    if (miners > 0 && !Files.isDirectory(data)) {
      throw new UserException(
          "--data " + data + ": not a directory (run scripts/setup.sh for Fashion-MNIST)");
    }
    if (dir != null && DevnetLayout.exists(dir)) {
      throw new UserException("--data-dir " + dir + " holds a devnet already; use a new one");
    }
  }

  @Override
  protected int run(ObjectNode answer, Output progress) throws Exception {
    boolean temporary = dir == null;
    Path where = temporary ? Files.createTempDirectory("pot-bench-devnet") : dir;
    try {
      ObjectNode o =
          new DevnetBench(
                  new DevnetBench.Options(
                      where,
                      validators,
                      miners,
                      senders,
                      rate,
                      seconds,
                      warmupSeconds,
                      data,
                      steps,
                      checkpointEvery,
                      samples,
                      inProcess),
                  System.err)
              .run();
      answer.setAll(o);
      return ExitCodes.OK;
    } finally {
      if (temporary) {
        FileTrees.deleteRecursively(where);
      }
    }
  }
}

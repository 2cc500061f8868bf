package network.pot.cli.devnet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pot devnet}: a local network on loopback, one process per node. */
@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    subcommands = DevnetJoinCommand.class,
    description = {
      "Starts a local PoT network on loopback: V validators and M miners, one OS process each",
      "(real sockets, real RocksDB, so any node can be killed and restarted), with genesis",
      "accounts and Fashion-MNIST. With --demo a publisher registers the dataset and posts",
      "training tasks; miners train them, validator committees verify them by re-execution,",
      "and the winners, the data provider and the validators are paid. Progress on stdout;",
      "--json ends with one JSON summary. Ctrl-C stops every node; a node that dies is named",
      "at once and stops the devnet (exit 1, pointing to the node's log); rerunning with the same",
      "--data-dir resumes the same chain. It writes DIR/env.sh: `source` it and the",
      "transaction and query commands use the first node and the funded account user.key.",
      "`pot devnet join` runs a node of your own on it."
    })
public final class DevnetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--validators",
      defaultValue = "4",
      description = "Validators (default: ${DEFAULT-VALUE}).")
  int validators;

  @Option(
      names = "--miners",
      defaultValue = "2",
      description = "Miners (default: ${DEFAULT-VALUE}).")
  int miners;

  @Option(names = "--demo", description = "Publish training tasks and show them through to payout.")
  boolean demo;

  @Option(
      names = "--until-tasks",
      defaultValue = "0",
      paramLabel = "N",
      description = "Stop once N tasks have settled (0: run until Ctrl-C).")
  int untilTasks;

  @Option(names = "--json", description = "End by printing one JSON summary on stdout.")
  boolean json;

  @Option(
      names = "--data-dir",
      defaultValue = "runs/devnet",
      paramLabel = "DIR",
      description =
          "Where the nodes keep keys, configs, databases and logs (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--data",
      defaultValue = "/usr/share/datasets/fashion-mnist",
      paramLabel = "DIR",
      description = "Dataset the nodes hold and tasks train on (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--steps",
      defaultValue = "300",
      paramLabel = "T",
      description = "Steps of each demo task (default: ${DEFAULT-VALUE}).")
  long steps;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "25",
      paramLabel = "K",
      description = "Checkpoint interval of demo tasks (default: ${DEFAULT-VALUE}).")
  long checkpointEvery;

  @Option(
      names = "--samples",
      defaultValue = "2",
      paramLabel = "q",
      description = "Segments each verifier re-executes (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = "--timeout",
      defaultValue = "0",
      paramLabel = "SECONDS",
      description = "Fail if --until-tasks is not met in time (0: no limit).")
  long timeout;

  @Override
  public Integer call() throws Exception {
    if (validators < 1 || miners < 0 || untilTasks < 0) {
      throw new UserException("--validators must be >= 1, --miners and --until-tasks >= 0");
    }
    if (steps < 1 || checkpointEvery < 1 || steps % checkpointEvery != 0 || samples < 1) {
      throw new UserException(
          "--steps must be a positive multiple of --checkpoint-every; --samples >= 1");
    }
    if (!Files.isDirectory(data)) {
      throw new UserException(
          "--data " + data + ": not a directory (run scripts/setup.sh for Fashion-MNIST)");
    }
    Output out = Output.of(spec);
    DevnetLayout layout;
    try {
      if (DevnetLayout.exists(dir)) {
        layout = DevnetLayout.read(dir);
        out.say(
            "devnet: resuming the network in " + dir + " (" + layout.nodes().size() + " nodes)");
      } else {
        layout = DevnetLayout.create(dir, validators, miners, List.of(data), DevnetLayout.params());
        out.say(
            "devnet: created " + validators + " validators and " + miners + " miners in " + dir);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new UserException("cannot set up the devnet in " + dir + ": " + e.getMessage(), e);
    }
    Devnet.Options o =
        new Devnet.Options(
            dir,
            validators,
            miners,
            data,
            demo,
            untilTasks,
            steps,
            checkpointEvery,
            samples,
            timeout,
            false);
    Devnet devnet = new Devnet(o, layout, System.out);
    Thread hook =
        new Thread(
            () -> {
              out.say("devnet: stopping " + layout.nodes().size() + " nodes...");
              devnet.close();
              out.say("devnet: stopped; run again with --data-dir " + dir + " to resume the chain");
            },
            "devnet-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    devnet.start();
    for (DevnetLayout.Member m : layout.nodes()) {
      out.say("devnet: " + m.name() + " rpc http://" + m.rpc() + "/ log " + layout.log(m));
    }
    if (Files.isRegularFile(layout.userKey())) {
      Path env = layout.writeEnv();
      out.say("export POT_NODE=http://" + layout.nodes().get(0).rpc());
      out.say(
          "devnet: funded account key "
              + layout.userKey().toAbsolutePath()
              + " passphrase file "
              + layout.userPassphrase().toAbsolutePath());
      out.say("devnet: `source " + env + "` sets POT_NODE, POT_KEY and POT_PASSPHRASE_FILE");
    }
    ObjectNode summary;
    try {
      summary = devnet.run();
    } catch (NodeDiedException e) {
      // one line naming the node and its log; the other nodes are stopped
      devnet.close();
      Runtime.getRuntime().removeShutdownHook(hook);
      return out.error(e.getMessage(), ExitCodes.INTERNAL);
    }
    devnet.close();
    Runtime.getRuntime().removeShutdownHook(hook);
    boolean sound =
        summary.path("supply_conserved").asBoolean() && summary.path("nodes_agree").asBoolean();
    return out.answer(
        summary,
        json,
        "devnet: " + summary.toPrettyString(),
        sound ? ExitCodes.OK : ExitCodes.REJECTED);
  }
}

package network.pot.cli.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import network.pot.base.crypto.Hash;
import network.pot.base.json.Json;
import network.pot.chain.state.Genesis;
import network.pot.chain.store.ChainStore;
import network.pot.chain.store.RocksDbKeyValueStorage;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.node.GenesisFile;
import network.pot.node.NodeConfig;
import network.pot.node.ledger.TaskIndex;
import network.pot.node.storage.BlobKind;
import network.pot.node.storage.PinSet;
import network.pot.node.storage.RetentionPlan;
import network.pot.node.storage.Storage;
import network.pot.node.work.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pot storage status|pin|unpin|gc}: the artifacts of a node's home, read and changed on
 * disk. Pins are a small file under a cross-process lock that the node's own collector also takes,
 * so pin and unpin are safe while the node runs. Status and gc read the chain store, which a
 * running node holds open: while it runs, they refuse, and the same figures are in its metrics
 * ({@code pot_artifact_bytes}, {@code pot_artifact_pinned_bytes}, {@code
 * pot_artifact_reclaimable_bytes}) and it collects by itself every {@code gc_interval_blocks}.
 */
@Command(
    name = "storage",
    mixinStandardHelpOptions = true,
    description = {
      "The artifacts a node keeps (task specs, checkpoints, transcripts, datasets, models):",
      "what they take, which are pinned, what the retention policy ([storage.retention] in the",
      "config) lets go, and collecting it. Works on the node's home directly:",
      "  pin, unpin  any time (the running node's collector honours them at once);",
      "  status, gc  with the node stopped (they read its chain store); while it runs, its",
      "              /metrics has the same figures (pot_artifact_*) and it collects by",
      "              itself every storage.gc_interval_blocks."
    },
    subcommands = {
      StorageCommand.Status.class,
      StorageCommand.Pin.class,
      StorageCommand.Unpin.class,
      StorageCommand.Gc.class
    })
public final class StorageCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** The options every subcommand shares: where the node is, and the output form. */
  abstract static class Base implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Node config (TOML).")
    Path config;

    @Option(
        names = "--home",
        paramLabel = "DIR",
        description = "Node home made by pot init: its config is DIR/config.toml.")
    Path home;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    NodeConfig nodeConfig() throws IOException {
      if ((config == null) == (home == null)) {
        throw new UserException("give one of --config FILE and --home DIR");
      }
      Path file = config != null ? config : home.resolve("config.toml");
      if (!Files.isRegularFile(file)) {
        throw new UserException(file + ": no such config file");
      }
      try {
        return NodeConfig.read(file);
      } catch (IOException e) {
        throw new UserException(e.getMessage(), e);
      }
    }

    /** The node's artifacts, with the bundles of the datasets its config lists kept. */
    Storage storage(NodeConfig c) throws IOException {
      Set<Hash> configured = new HashSet<>();
      for (Path d : c.datasets()) {
        configured.add(Datasets.hashOf(d));
      }
      return Storage.open(c.dataDir().resolve("artifacts"), c.storage().retention(), configured);
    }

    /** The pins alone: opening the artifacts would tidy them, which is the running node's job. */
    PinSet pins(NodeConfig c) throws IOException {
      return new PinSet(c.dataDir().resolve("artifacts"));
    }

    /** Collects (or plans, with {@code dryRun}) over the stopped node's chain. */
    Storage.Result collect(NodeConfig c, boolean dryRun) throws IOException {
      Genesis genesis = GenesisFile.read(c.genesis());
      ChainStore chain;
      try {
        chain = ChainStore.open(RocksDbKeyValueStorage.open(c.dataDir().resolve("chain")), genesis);
      } catch (RuntimeException e) {
        throw new UserException(
            "cannot open the chain store (is the node running? then its /metrics has these"
                + " figures and it collects by itself): "
                + e.getMessage(),
            e);
      }
      try {
        var state = chain.state();
        return storage(c).collect(state, new TaskIndex(state).ids(), null, dryRun);
      } finally {
        chain.close();
      }
    }

    static ObjectNode figures(RetentionPlan p) {
      ObjectNode o = Json.object();
      ObjectNode kinds = o.putObject("bytes_by_kind");
      for (Map.Entry<BlobKind, Long> e : p.bytesByKind().entrySet()) {
        kinds.put(e.getKey().label(), e.getValue());
      }
      o.put("total_bytes", p.totalBytes())
          .put("artifacts", p.verdicts().size())
          .put("pinned_bytes", p.pinnedBytes())
          .put("reclaimable_bytes", p.reclaimableBytes())
          .put("reclaimable_artifacts", p.deletable().size());
      return o;
    }

    static String human(RetentionPlan p) {
      StringBuilder b = new StringBuilder();
      for (Map.Entry<BlobKind, Long> e : p.bytesByKind().entrySet()) {
        b.append(String.format("%-12s %,16d bytes%n", e.getKey().label(), e.getValue()));
      }
      b.append(
          String.format(
              "%-12s %,16d bytes in %d artifacts%n", "total", p.totalBytes(), p.verdicts().size()));
      b.append(String.format("%-12s %,16d bytes%n", "pinned", p.pinnedBytes()));
      b.append(
          String.format(
              "%-12s %,16d bytes in %d artifacts",
              "reclaimable", p.reclaimableBytes(), p.deletable().size()));
      return b.toString();
    }

    static Hash id(String text) {
      try {
        return Hash.fromHex(text);
      } catch (IllegalArgumentException e) {
        throw new UserException("not an artifact id (64 hex digits): " + text);
      }
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Bytes per kind, pinned and reclaimable (the node stopped).")
  static final class Status extends Base {
    @Override
    public Integer call() throws Exception {
      Storage.Result r = collect(nodeConfig(), true);
      return Output.of(spec).answer(figures(r.plan()), json, human(r.plan()), ExitCodes.OK);
    }
  }

  @Command(
      name = "gc",
      mixinStandardHelpOptions = true,
      description = {
        "Removes what the retention policy lets go (the node stopped; a running node collects",
        "by itself). Names are removed before content, so a crash midway loses nothing still",
        "named."
      })
  static final class Gc extends Base {
    @Option(names = "--dry-run", description = "Say what would be removed; remove nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      Storage.Result r = collect(nodeConfig(), dryRun);
      ObjectNode o = figures(r.plan());
      o.put("dry_run", dryRun).put("removed_artifacts", r.removed().size());
      o.put("removed_bytes", dryRun ? 0 : r.removedBytes());
      String h =
          human(r.plan())
              + String.format(
                  "%n%s %d artifacts",
                  dryRun ? "would remove" : "removed",
                  dryRun ? r.plan().deletable().size() : r.removed().size());
      return Output.of(spec).answer(o, json, h, ExitCodes.OK);
    }
  }

  /** Pins or unpins one artifact under the pins file's lock. */
  abstract static class PinChange extends Base {
    @Parameters(paramLabel = "ID", description = "The artifact's key (64 hex digits).")
    String id;

    private final boolean pin;

    PinChange(boolean pin) {
      this.pin = pin;
    }

    @Override
    public Integer call() throws Exception {
      Hash key = id(id);
      boolean changed;
      try (var h = pins(nodeConfig()).hold()) {
        changed = pin ? h.pin(key) : h.unpin(key);
      }
      ObjectNode o =
          Json.object().put("id", key.toHex()).put("pinned", pin).put("changed", changed);
      String said =
          pin
              ? (changed ? "pinned " : "already pinned ")
              : (changed ? "unpinned " : "was not pinned: ");
      return Output.of(spec).answer(o, json, said + key.toHex(), ExitCodes.OK);
    }
  }

  @Command(
      name = "pin",
      mixinStandardHelpOptions = true,
      description = "Keeps an artifact whatever the retention policy says (also while running).")
  static final class Pin extends PinChange {
    Pin() {
      super(true);
    }
  }

  @Command(
      name = "unpin",
      mixinStandardHelpOptions = true,
      description = "Lets the retention policy decide on an artifact again.")
  static final class Unpin extends PinChange {
    Unpin() {
      super(false);
    }
  }
}

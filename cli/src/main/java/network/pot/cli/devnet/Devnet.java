package network.pot.cli.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import network.pot.cli.node.NodeMain;
import network.pot.node.NodeConfig;
import network.pot.node.work.Datasets;
import network.pot.proof.TaskSpec;
import network.pot.rpc.RpcClient;
import network.pot.rpc.RpcNode;
import network.pot.tensor.data.DataSets;
import network.pot.tensor.nn.ModelSpec;
import network.pot.tensor.optim.OptimizerSpec;

/**
 * A local PoT network on loopback, one OS process per node (so a node can be killed with -9 and
 * restarted like on a real machine, and no node shares a heap or a JIT with another), driven over
 * JSON-RPC. With the demo on, a publisher registers the dataset through its data provider and posts
 * training tasks one after another; miners train them, validator committees verify them, and the
 * chain pays out. Progress goes to {@code out}; {@link #summary} is what {@code --json} prints.
 */
public final class Devnet implements AutoCloseable {
  /** What to run. */
  public record Options(
      Path dir,
      int validators,
      int miners,
      Path data,
      boolean demo,
      int untilTasks,
      long steps,
      long checkpointEvery,
      int samples,
      long timeoutSeconds,
      boolean inProcess) {}

  private final Options options;
  private final DevnetLayout layout;
  private final PrintStream out;
  private final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<RpcNode> nodes = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, Long> genesisBalances = new HashMap<>();
  private String lastLine = "";
  private int testSize = 1;
  private final java.util.Set<Integer> excluded =
      new java.util.concurrent.ConcurrentSkipListSet<>();

  /** Node processes killed on purpose ({@link #kill}): their end is no death to report. */
  private final java.util.Set<Process> killed = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The deaths seen (one line each), by node index. */
  private final Map<Integer, String> died = new java.util.concurrent.ConcurrentSkipListMap<>();

  private volatile boolean closing;
  private Thread stopOnExit;

  public Devnet(Options options, DevnetLayout layout, PrintStream out) {
    this.options = options;
    this.layout = layout;
    this.out = out;
  }

  public DevnetLayout layout() {
    return layout;
  }

  /**
   * Starts every node: each in its own process, or with {@code inProcess} all in this JVM (each
   * with its own key, RocksDB directory and sockets; nodes still talk only over loopback). One JVM
   * compiles the code once instead of once per node and keeps one heap: on a small machine that
   * leaves more processor time to the nodes, at the price of isolation (a node cannot be killed
   * alone, and node logs go to this process's standard error at warning level).
   */
  public void start() throws IOException {
    stopOnExit = new Thread(this::close, "devnet-stop-nodes");
    // SIGTERM or Ctrl-C while the devnet runs: stop the nodes rather than leave them running
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    if (options.inProcess()) {
      quietNodeLogs();
      for (DevnetLayout.Member m : layout.nodes()) {
        RpcNode n = RpcNode.open(NodeConfig.read(layout.config(m)));
        nodes.add(n);
        n.start();
      }
      return;
    }
    for (DevnetLayout.Member m : layout.nodes()) {
      Process p = launch(m);
      processes.add(p);
      watch(p, m); // after it is listed: a death at once is still seen as one
    }
  }

  /**
   * Reports {@code p}, node {@code m}'s process, the moment it ends unless the devnet is closing or
   * it was killed on purpose ({@link #kill}): one line on the progress output, and every wait of
   * the devnet fails from then on ({@link #checkNodes}).
   */
  private void watch(Process p, DevnetLayout.Member m) {
    var unused =
        p.onExit()
            .thenAccept(
                gone -> {
                  int i = layout.nodes().indexOf(m);
                  if (closing || i < 0 || killed.contains(p) || processes.indexOf(p) != i) {
                    return; // closing, or killed (and maybe restarted) on purpose
                  }
                  String line =
                      m.name()
                          + " died (exit code "
                          + gone.exitValue()
                          + "); see its log "
                          + layout.log(m);
                  died.putIfAbsent(i, line);
                  say(line);
                });
  }

  /**
   * Throws when a node's process has died (not killed on purpose, and not one {@link #exclude}d):
   * the one-line report naming the node and its log.
   */
  public void checkNodes() throws NodeDiedException {
    for (Map.Entry<Integer, String> d : died.entrySet()) {
      if (!excluded.contains(d.getKey())) {
        throw new NodeDiedException(d.getValue());
      }
    }
  }

  /** In-process nodes log through this JVM: keep the devnet's progress readable. */
  private static void quietNodeLogs() {
    if (org.slf4j.LoggerFactory.getILoggerFactory()
        instanceof ch.qos.logback.classic.LoggerContext ctx) {
      String level = System.getenv().getOrDefault("POT_LOG_LEVEL", "WARN");
      ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
          .setLevel(ch.qos.logback.classic.Level.toLevel(level, ch.qos.logback.classic.Level.WARN));
    }
  }

  /** Starts one node's process, its output appended to its log. */
  public Process launch(DevnetLayout.Member m) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
                javaCommand(NodeMain.class.getName(), "--config", layout.config(m).toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log(m).toFile()));
    pb.environment().put("POT_LOG_LEVEL", System.getenv().getOrDefault("POT_LOG_LEVEL", "INFO"));
    return pb.start();
  }

  /**
   * The command line that runs {@code mainClass} with {@code args} in a new JVM on this JVM's class
   * path, with the options a node needs (the Vector API, a deeper stack, its own logging
   * configuration, and any {@code POT_NODE_JAVA_OPTS}).
   */
  public static List<String> javaCommand(String mainClass, String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "-Xss4m",
                "-Xmx1g",
                "-XX:+UseParallelGC",
                // the node's own logging (POT_LOG_LEVEL), also when launched from a test run
                "-Dlogback.configurationFile=logback.xml"));
    String extra = System.getenv("POT_NODE_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(List.of(extra.trim().split("\\s+")));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(List.of(args));
    return cmd;
  }

  public List<Process> processes() {
    return processes;
  }

  /** Kills node {@code i} with SIGKILL (no shutdown hook runs, nothing is flushed). */
  public void kill(int i) throws InterruptedException {
    requireProcesses("killed");
    Process p = processes.get(i);
    killed.add(p);
    p.destroyForcibly();
    p.waitFor();
  }

  /**
   * Marks node {@code i} as one the network is expected to cut off (a faulty node its peers ban):
   * the summary neither waits for it nor counts it in the agreement check.
   */
  public void exclude(int i) {
    excluded.add(i);
  }

  private int[] included() {
    return IntStream.range(0, layout.nodes().size()).filter(i -> !excluded.contains(i)).toArray();
  }

  /** Starts node {@code i} again from its data directory. */
  public void restart(int i) throws IOException {
    requireProcesses("restarted");
    DevnetLayout.Member m = layout.nodes().get(i);
    Process p = launch(m);
    processes.set(i, p);
    watch(p, m);
  }

  public RpcClient rpc(int node) {
    return new RpcClient(layout.nodes().get(node).rpc());
  }

  /** Waits until every node answers and has finalized at least {@code height}. */
  public void awaitHeight(long height, long timeoutMillis)
      throws IOException, InterruptedException {
    awaitHeight(height, timeoutMillis, IntStream.range(0, layout.nodes().size()).toArray());
  }

  /** Waits until the given nodes answer and have finalized at least {@code height}. */
  public void awaitHeight(long height, long timeoutMillis, int... nodes)
      throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    for (int i : nodes) {
      while (true) {
        checkNodes();
        try {
          if (rpc(i).call("pot_status").path("height").asLong() >= height) {
            break;
          }
        } catch (IOException e) {
          // not up yet
        }
        if (System.currentTimeMillis() > deadline) {
          throw new IOException(
              layout.nodes().get(i).name()
                  + " did not reach height "
                  + height
                  + " in time (see "
                  + layout.log(layout.nodes().get(i))
                  + ")");
        }
        Thread.sleep(250);
      }
    }
  }

  /** Runs the demo (or just the network) until the task target is met; returns the summary. */
  public ObjectNode run() throws IOException, InterruptedException {
    awaitHeight(1, 120_000);
    RpcClient rpc = rpc(0);
    for (DevnetLayout.Member m : layout.nodes()) {
      genesisBalances.put(Address.of(m.key()).toString(), 10_000_000L);
    }
    long start = System.currentTimeMillis();
    TaskSpec spec = options.demo() ? registerDataset(rpc) : null;
    String pending = null; // a publication not yet listed: no second one until it is
    int tasksAtPublish = 0;
    while (true) {
      checkNodes();
      JsonNode status;
      JsonNode tasks;
      try {
        status = rpc.call("pot_status");
        tasks = rpc.call("pot_getTasks");
      } catch (IOException e) {
        checkNodes(); // a dead node explains it better
        throw e;
      }
      long settled = 0;
      boolean open = false;
      for (JsonNode t : tasks) {
        if (t.path("settled").asBoolean()) {
          settled++;
        } else {
          open = true;
        }
      }
      progress(status, tasks);
      if (options.untilTasks() > 0 && settled >= options.untilTasks()) {
        break;
      }
      if (pending != null) {
        String st =
            rpc.call("pot_getTransaction", RpcClient.params().put("hash", pending))
                .path("status")
                .asText();
        // landed and listed, or dropped (then it may be posted again)
        if (st.equals("accepted") ? tasks.size() > tasksAtPublish : !st.equals("pending")) {
          pending = null;
        }
      }
      if (options.demo()
          && !open
          && pending == null
          && (options.untilTasks() == 0 || tasks.size() < options.untilTasks())) {
        pending = publish(rpc, spec, status.path("height").asLong(), DEADLINE_BLOCKS);
        tasksAtPublish = tasks.size();
      }
      if (options.timeoutSeconds() > 0
          && System.currentTimeMillis() - start > options.timeoutSeconds() * 1000) {
        throw new IOException(
            "the devnet did not complete "
                + options.untilTasks()
                + " tasks in "
                + options.timeoutSeconds()
                + " s");
      }
      Thread.sleep(1000);
    }
    return summary();
  }

  /**
   * Stores the demo task spec on the node and has the data provider register the dataset; returns
   * the spec tasks train by.
   */
  public TaskSpec registerDataset(RpcClient rpc) throws IOException {
    Hash dataset = Datasets.hashOf(options.data());
    testSize = DataSets.load(options.data()).test().size();
    TaskSpec spec =
        new TaskSpec(
            dataset.toArray(),
            ModelSpec.mlp(),
            OptimizerSpec.sgd(0.05f, 0.9f, 0f),
            64,
            options.steps(),
            options.checkpointEvery(),
            options.samples());
    rpc.call("pot_putTaskSpec", RpcClient.params().put("spec", spec.canonicalJson()));
    // on a resumed devnet the dataset is registered already; the repeat is dropped by proposers
    rpc.send(
        layout.provider(),
        layout.chainId(),
        1,
        new Payload.RegisterDataset(dataset, "MIT (Fashion-MNIST)", 20_000));
    say("data provider registers Fashion-MNIST " + dataset.toHex().substring(0, 12));
    return spec;
  }

  /** Blocks between a demo task's publication and its training deadline. */
  public static final long DEADLINE_BLOCKS = 40;

  /**
   * The publisher posts a task with {@code spec}, its deadline {@code deadlineBlocks} after {@code
   * height}.
   */
  public String publish(RpcClient rpc, TaskSpec spec, long height, long deadlineBlocks)
      throws IOException {
    // as pot task publish does: the spec with each publication (the copy an earlier task stored
    // may have been collected since its fraud-proof window closed)
    rpc.call("pot_putTaskSpec", RpcClient.params().put("spec", spec.canonicalJson()));
    long flopsPerStep = spec.flopsPerStep();
    JsonNode sent =
        rpc.send(
            layout.publisher(),
            layout.chainId(),
            1,
            new Payload.PublishTask(
                Hash.of(spec.dataHash()),
                Hash.of(spec.taskId()),
                spec.steps(),
                spec.checkpointEvery(),
                flopsPerStep,
                5_000_000,
                height + deadlineBlocks,
                10_000,
                spec.samples()));
    say(
        "publisher posts a task: mlp on Fashion-MNIST, "
            + spec.steps()
            + " steps, reward 5000000, deadline "
            + (height + deadlineBlocks));
    return sent.path("hash").asText();
  }

  private void progress(JsonNode status, JsonNode tasks) {
    StringBuilder b = new StringBuilder("height " + status.path("height").asLong());
    int i = 0;
    for (JsonNode t : tasks) {
      b.append(" | task ").append(i++).append(t.path("settled").asBoolean() ? " settled" : " open");
      for (JsonNode m : t.path("miners")) {
        b.append(' ')
            .append(role(m.path("miner").asText()))
            .append('=')
            .append(m.path("status").asText().toLowerCase(Locale.ROOT));
        if (m.path("votes_accept").asLong() + m.path("votes_reject").asLong() > 0) {
          b.append('(')
              .append(m.path("votes_accept").asLong())
              .append('+')
              .append(m.path("votes_reject").asLong())
              .append("-)");
        }
      }
    }
    String line = b.toString();
    if (!line.replaceFirst("height \\d+", "").equals(lastLine.replaceFirst("height \\d+", ""))
        || status.path("height").asLong() % 20 == 0) {
      say(line);
    }
    lastLine = line;
  }

  private String role(String address) {
    for (DevnetLayout.Member m : layout.nodes()) {
      if (Address.of(m.key()).toString().equals(address)) {
        return m.name();
      }
    }
    if (Address.of(layout.publisher()).toString().equals(address)) {
      return "publisher";
    }
    return Address.of(layout.provider()).toString().equals(address) ? "data-provider" : address;
  }

  private void say(String s) {
    out.println("devnet: " + s);
    out.flush();
  }

  /** Validators withdraw their rewards, then the ledger is read back from every node. */
  public ObjectNode summary() throws IOException, InterruptedException {
    RpcClient rpc = rpc(0);
    for (DevnetLayout.Member m : layout.nodes()) {
      if (m.validator()) {
        rpc.send(m.key(), layout.chainId(), 1, new Payload.WithdrawRewards(Address.of(m.key())));
      }
    }
    long h = rpc.call("pot_status").path("height").asLong();
    awaitHeight(h + 3, 60_000, included());
    ObjectNode o = Json.object();
    JsonNode status = rpc.call("pot_status");
    o.put("height", status.path("height").asLong());
    JsonNode tasks = rpc.call("pot_getTasks");
    long completed = 0;
    ArrayNode ta = o.putArray("tasks");
    for (JsonNode t : tasks) {
      if (!t.path("settled").asBoolean()) {
        continue;
      }
      completed++;
      ObjectNode x = ta.addObject().put("id", t.path("id").asText());
      String winner = t.path("winner").isNull() ? null : t.path("winner").asText();
      x.put("winner", winner == null ? null : role(winner));
      for (JsonNode m : t.path("miners")) {
        if (m.path("miner").asText().equals(winner)) {
          x.put("accuracy", m.path("claimed_correct").asLong() / (double) testSize);
        }
      }
      ArrayNode ms = x.putArray("miners");
      for (JsonNode m : t.path("miners")) {
        ms.addObject()
            .put("miner", role(m.path("miner").asText()))
            .put("status", m.path("status").asText())
            .put("accuracy", m.path("claimed_correct").asLong() / (double) testSize)
            .put("votes_accept", m.path("votes_accept").asLong())
            .put("votes_reject", m.path("votes_reject").asLong());
      }
    }
    o.put("tasks_completed", completed);
    Map<String, Long> byRole = new LinkedHashMap<>();
    byRole.put("miners", 0L);
    byRole.put("validators", 0L);
    for (DevnetLayout.Member m : layout.nodes()) {
      long now =
          rpc.call(
                  "pot_getAccount",
                  RpcClient.params().put("address", Address.of(m.key()).toString()))
              .path("balance")
              .asLong();
      byRole.merge(
          m.validator() ? "validators" : "miners",
          now - genesisBalances.get(Address.of(m.key()).toString()),
          Long::sum);
    }
    byRole.put("data_provider", balance(rpc, layout.provider()) - 1_000_000L);
    JsonNode supply = rpc.call("pot_supply");
    byRole.put("treasury", supply.path("treasury").asLong());
    byRole.put("publisher", balance(rpc, layout.publisher()) - 1_000_000_000L);
    ObjectNode r = o.putObject("rewards_by_role");
    byRole.forEach(r::put);
    boolean conserved = true;
    long minHeight = Long.MAX_VALUE;
    for (int i : included()) {
      JsonNode s = rpc(i).call("pot_supply");
      conserved &= s.path("conserved").asBoolean();
      minHeight = Math.min(minHeight, rpc(i).call("pot_status").path("height").asLong());
    }
    String hash = null;
    boolean agree = true;
    for (int i : included()) {
      String bh =
          rpc(i)
              .call("pot_getBlock", RpcClient.params().put("height", minHeight))
              .path("hash")
              .asText();
      agree &= hash == null || hash.equals(bh);
      hash = bh;
    }
    o.put("supply", supply.path("supply").asLong());
    o.put("supply_conserved", conserved);
    o.put("nodes_agree", agree);
    o.put("agreed_height", minHeight);
    return o;
  }

  private long balance(RpcClient rpc, KeyPair k) throws IOException {
    return rpc.call("pot_getAccount", RpcClient.params().put("address", Address.of(k).toString()))
        .path("balance")
        .asLong();
  }

  private void requireProcesses(String what) {
    if (options.inProcess()) {
      throw new UnsupportedOperationException(
          "in-process nodes cannot be " + what + " one by one; run one process per node");
    }
  }

  /**
   * Stops every node (SIGTERM: each closes cleanly) and waits for them; in-process nodes close in
   * reverse start order. Also runs as a shutdown hook (registered by {@link #start}) when this JVM
   * is stopped, so that no node outlives it; a second call does nothing more.
   */
  @Override
  public synchronized void close() {
    closing = true;
    Thread hook = stopOnExit;
    if (hook != null && Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException exiting) {
        // the JVM is shutting down: the hook runs (and waits for this close) anyway
      }
    }
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
    nodes.clear();
    for (Process p : processes) {
      // a node's own child processes too, should it have any
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}

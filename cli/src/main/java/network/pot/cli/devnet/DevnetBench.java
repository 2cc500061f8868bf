package network.pot.cli.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Genesis;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.Transaction;
import network.pot.proof.TaskSpec;
import network.pot.rpc.RpcClient;

/**
 * Measures a devnet the way its users see it: transfers are signed ahead of time by funded sender
 * accounts, offered at a fixed rate through the validators' JSON-RPC ({@code pot_sendTransactions},
 * one batch per tick), and their finality is observed by polling a node for new finalized blocks.
 * Latency is from the moment a transaction was handed to a node to the moment the block holding it
 * was seen finalized; throughput is the finalized transfers over the span from the first submission
 * to the last finalization.
 *
 * <p>A warm-up phase at the same rate comes first, so that the nodes' JIT compilers are done with
 * the hot paths before anything is measured (on a small machine the compilers alone take a third of
 * the CPU in a node's first half minute); its figures are reported under {@code warmup}. Then two
 * load phases: with the miners idle, then while they train a task (published between the phases).
 * Afterwards the task runs to verification, which gives the tasks verified per hour for that task
 * size and the verifiers' time as a fraction of the miners' training time.
 */
public final class DevnetBench {
  private static final long SENDER_BALANCE = 1_000_000_000L;
  private static final int TICK_MS = 50;

  /** What to measure. */
  public record Options(
      Path dir,
      int validators,
      int miners,
      int senders,
      int rate,
      int seconds,
      int warmupSeconds,
      Path data,
      long taskSteps,
      long checkpointEvery,
      int samples,
      boolean inProcess) {}

  private final Options options;
  private final PrintStream progress;
  private final List<KeyPair> senders;

  public DevnetBench(Options options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
    this.senders =
        IntStream.range(0, options.senders())
            .mapToObj(i -> KeyPair.deterministic("pot/bench/sender", i))
            .toList();
  }

  /** Genesis allocations of the load generator's senders. */
  public List<Genesis.Allocation> allocations() {
    return senders.stream()
        .map(k -> new Genesis.Allocation(Address.of(k), SENDER_BALANCE))
        .toList();
  }

  /** Runs both phases and the task on a fresh devnet in {@code options.dir()}. */
  public ObjectNode run() throws IOException, InterruptedException {
    DevnetLayout layout =
        DevnetLayout.create(
            options.dir(),
            options.validators(),
            options.miners(),
            List.of(options.data()),
            DevnetLayout.params(),
            allocations());
    Devnet.Options d =
        new Devnet.Options(
            options.dir(),
            options.validators(),
            options.miners(),
            options.data(),
            false,
            0,
            options.taskSteps(),
            options.checkpointEvery(),
            options.samples(),
            0,
            options.inProcess());
    ObjectNode out = Json.object();
    out.put("validators", options.validators())
        .put("miners", options.miners())
        .put("senders", options.senders())
        .put("offered_tx_per_sec", options.rate())
        .put("seconds", options.seconds())
        .put("warmup_seconds", options.warmupSeconds())
        .put("nodes_in", options.inProcess() ? "one JVM" : "one process per node");
    try (Devnet net = new Devnet(d, layout, progress)) {
      net.start();
      net.awaitHeight(2, 120_000);
      if (options.warmupSeconds() > 0) {
        say("network up; warming up for " + options.warmupSeconds() + " s");
        out.set("warmup", load(net, layout, options.warmupSeconds()));
      }
      say("load phase 1: miners idle");
      out.set("idle", load(net, layout, options.seconds()));
      if (options.miners() > 0) {
        RpcClient rpc = net.rpc(0);
        TaskSpec spec = net.registerDataset(rpc);
        long h = awaitNext(net, rpc, 2);
        long publishedAt = System.nanoTime();
        net.publish(rpc, spec, h, Devnet.DEADLINE_BLOCKS * 4);
        Hash specHash = Hash.of(spec.taskId()); // the chain's task id is another hash
        awaitMiners(net, rpc, specHash, "ENROLLED", 120);
        say("miners enrolled; load phase 2: while they train");
        out.set("training", load(net, layout, options.seconds()));
        long verifiedAt = awaitMiners(net, rpc, specHash, "ACCEPTED", 900);
        double taskSeconds = (verifiedAt - publishedAt) / 1e9;
        out.set("task", taskFigures(net, layout, taskSeconds));
      }
    }
    return out;
  }

  private void say(String s) {
    progress.println("bench: " + s);
    progress.flush();
  }

  private static long awaitNext(Devnet net, RpcClient rpc, long blocks)
      throws IOException, InterruptedException {
    long h = rpc.call("pot_status").path("height").asLong();
    while (rpc.call("pot_status").path("height").asLong() < h + blocks) {
      net.checkNodes();
      Thread.sleep(100);
    }
    return h + blocks;
  }

  /**
   * Waits until every miner of the task with spec hash {@code specHash} has reached {@code status}
   * (or any later one when it is ENROLLED); returns {@link System#nanoTime()} then.
   */
  private long awaitMiners(
      Devnet net, RpcClient rpc, Hash specHash, String status, long timeoutSeconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      net.checkNodes();
      for (JsonNode t : rpc.call("pot_getTasks")) {
        if (!t.path("spec_hash").asText().equals(specHash.toHex())) {
          continue;
        }
        int reached = 0;
        for (JsonNode m : t.path("miners")) {
          String s = m.path("status").asText();
          if (s.equals(status) || (status.equals("ENROLLED") && !s.isEmpty())) {
            reached++;
          } else if (s.equals("REJECTED") || s.equals("FRAUDULENT")) {
            throw new IOException("a miner's proof was " + s + " during the benchmark");
          }
        }
        if (reached == options.miners()) {
          return System.nanoTime();
        }
      }
      Thread.sleep(200);
    }
    throw new IOException("the task's miners did not reach " + status + " in " + timeoutSeconds);
  }

  /** Tasks verified per hour and verification cost, from the nodes' own work counters. */
  private ObjectNode taskFigures(Devnet net, DevnetLayout layout, double taskSeconds)
      throws IOException {
    long trainMs = 0;
    long trained = 0;
    long verifyMs = 0;
    long checked = 0;
    for (int i = 0; i < layout.nodes().size(); i++) {
      JsonNode w = net.rpc(i).call("pot_status").path("work");
      trainMs += w.path("miner_train_ms").asLong();
      trained += w.path("miner_trained").asLong();
      verifyMs += w.path("verifier_ms").asLong();
      checked += w.path("verifier_checked").asLong();
    }
    double perTrain = trained == 0 ? 0 : trainMs / (double) trained;
    double perCheck = checked == 0 ? 0 : verifyMs / (double) checked;
    ObjectNode o = Json.object();
    o.put("steps", options.taskSteps())
        .put("checkpoint_every", options.checkpointEvery())
        .put("samples", options.samples())
        .put("seconds_publish_to_verified", round(taskSeconds, 1))
        .put("tasks_verified_per_hour", round(3600 / taskSeconds, 1))
        .put("train_ms_per_proof", round(perTrain, 0))
        .put("verify_ms_per_check", round(perCheck, 0))
        .put("verifications", checked)
        .put(
            "verification_fraction_of_training", perTrain == 0 ? 0 : round(perCheck / perTrain, 4));
    return o;
  }

  /** One load phase: offers transfers at the configured rate and observes their finality. */
  private ObjectNode load(Devnet net, DevnetLayout layout, int seconds)
      throws IOException, InterruptedException {
    int n = options.rate() * seconds;
    int s = senders.size();
    long[] base = new long[s];
    for (int i = 0; i < s; i++) {
      base[i] =
          net.rpc(0)
              .call(
                  "pot_getAccount",
                  RpcClient.params().put("address", Address.of(senders.get(i)).toString()))
              .path("next_nonce")
              .asLong();
    }
    long t0 = System.nanoTime();
    SignedTransaction[] txs = new SignedTransaction[n];
    String chainId = layout.chainId();
    IntStream.range(0, n)
        .parallel()
        .forEach(
            j -> {
              int from = j % s;
              Address to = Address.of(senders.get((from + 1) % s));
              Transaction t =
                  new Transaction(chainId, base[from] + j / s, 1, new Payload.Transfer(to, 1));
              txs[j] = t.sign(senders.get(from));
            });
    say(String.format("signed %d transfers in %.1f s", n, (System.nanoTime() - t0) / 1e9));
    Map<Hash, Integer> index = new ConcurrentHashMap<>();
    for (int j = 0; j < n; j++) {
      index.put(txs[j].hash(), j);
    }
    long[] submitted = new long[n];
    long[] finalized = new long[n];
    Watcher watcher = new Watcher(net.rpc(0), index, finalized);
    Thread w = new Thread(watcher, "bench-watcher");
    w.setDaemon(true);
    w.start();
    int[] validators =
        IntStream.range(0, layout.nodes().size())
            .filter(i -> layout.nodes().get(i).validator())
            .toArray();
    Map<String, Integer> rejections = new ConcurrentHashMap<>();
    // one sender thread per validator: a slow answer from one node does not hold back the rest
    ExecutorService pool = Executors.newFixedThreadPool(validators.length);
    List<Future<?>> calls = new ArrayList<>();
    long start = System.nanoTime();
    int sent = 0;
    for (int tick = 0; sent < n; tick++) {
      net.checkNodes();
      int from = sent;
      int due = (int) Math.min(n, (long) options.rate() * (tick + 1) * TICK_MS / 1000);
      RpcClient rpc = net.rpc(validators[tick % validators.length]);
      calls.add(
          pool.submit(
              () -> {
                long now = System.nanoTime();
                for (int j = from; j < due; j++) {
                  submitted[j] = now;
                }
                JsonNode r = rpc.sendAll(Arrays.asList(txs).subList(from, due));
                for (JsonNode x : r.path("results")) {
                  if (!x.path("admitted").asBoolean()) {
                    rejections.merge(
                        x.path("rejection").asText(x.path("error").asText()), 1, Integer::sum);
                  }
                }
                return null;
              }));
      sent = due;
      long sleep = start + (tick + 1L) * TICK_MS * 1_000_000L - System.nanoTime();
      if (sleep > 0) {
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
      }
    }
    pool.shutdown();
    for (Future<?> f : calls) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw new IOException("a submission failed: " + e.getCause().getMessage(), e.getCause());
      }
    }
    double sendSeconds = (System.nanoTime() - start) / 1e9;
    long waitUntil = System.nanoTime() + 60_000_000_000L;
    while (watcher.count() < n - rejections.values().stream().mapToInt(Integer::intValue).sum()
        && System.nanoTime() < waitUntil) {
      net.checkNodes();
      Thread.sleep(100);
    }
    watcher.stop();
    w.join(5_000);
    long[] lat =
        IntStream.range(0, n)
            .filter(j -> finalized[j] != 0)
            .mapToLong(j -> finalized[j] - submitted[j])
            .sorted()
            .toArray();
    long last = Arrays.stream(finalized).max().orElse(start);
    ObjectNode o = Json.object();
    o.put("offered", n)
        .put("send_seconds", round(sendSeconds, 2))
        .put("finalized", lat.length)
        .put("finalized_tx_per_sec", round(lat.length / Math.max(1e-9, (last - start) / 1e9), 0))
        .put("finality_ms_median", ms(percentile(lat, 0.5)))
        .put("finality_ms_p90", ms(percentile(lat, 0.9)))
        .put("finality_ms_p99", ms(percentile(lat, 0.99)))
        .put("blocks", watcher.blocks())
        .put("max_block_txs", watcher.maxBlock());
    ObjectNode rej = o.putObject("rejected");
    new TreeMap<>(rejections).forEach(rej::put);
    say(
        String.format(
            "%d of %d finalized, %.0f tx/s, median finality %.0f ms",
            lat.length,
            n,
            o.path("finalized_tx_per_sec").asDouble(),
            o.path("finality_ms_median").asDouble()));
    return o;
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  private static double ms(long nanos) {
    return round(nanos / 1e6, 1);
  }

  private static double round(double x, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(x * f) / f;
  }

  /** Polls one node for newly finalized blocks and stamps the transactions they hold. */
  private static final class Watcher implements Runnable {
    private final RpcClient rpc;
    private final Map<Hash, Integer> index;
    private final long[] finalized;
    private volatile boolean running = true;
    private volatile int count;
    private volatile int blocks;
    private volatile int maxBlock;

    Watcher(RpcClient rpc, Map<Hash, Integer> index, long[] finalized) {
      this.rpc = rpc;
      this.index = index;
      this.finalized = finalized;
    }

    int count() {
      return count;
    }

    int blocks() {
      return blocks;
    }

    int maxBlock() {
      return maxBlock;
    }

    void stop() {
      running = false;
    }

    // Only this thread writes the counters; other threads read them after stop().
    @SuppressWarnings("NonAtomicVolatileUpdate")
    @Override
    public void run() {
      try {
        long seen = rpc.call("pot_status").path("height").asLong();
        while (running) {
          long h = rpc.call("pot_status").path("height").asLong();
          long now = System.nanoTime();
          for (long k = seen + 1; k <= h; k++) {
            JsonNode b = rpc.call("pot_getBlock", RpcClient.params().put("height", k));
            int inBlock = 0;
            for (JsonNode tx : b.path("transactions")) {
              Integer j = index.get(Hash.fromHex(tx.path("hash").asText()));
              if (j != null && finalized[j] == 0) {
                finalized[j] = now;
                inBlock++;
              }
            }
            count += inBlock;
            blocks++;
            maxBlock = Math.max(maxBlock, inBlock);
          }
          seen = h;
          Thread.sleep(10);
        }
      } catch (IOException e) {
        throw new IllegalStateException("the benchmark lost its node: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

package network.pot.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import network.pot.chain.block.Block;
import network.pot.chain.state.BlockResult;
import network.pot.node.storage.BlobKind;
import network.pot.node.storage.RetentionPlan;

/**
 * A node's metrics in the Prometheus text format ({@link #scrape()}), through Micrometer: chain
 * height and consensus round, peers by direction, the mempool, finality latency (a block's time to
 * its commit here), blocks and transactions applied, tasks by status, fraud checks waiting, the
 * workers' counts, the size of each store on disk, and the JVM's. Values are read when scraped,
 * from what the node already keeps; nothing here is on the consensus thread but {@link #committed},
 * which only counts.
 */
public final class NodeMetrics {
  /** Where the values come from. */
  public interface Source {
    long height();

    /** The consensus round last seen (updated off the consensus thread). */
    long round();

    int peersIn();

    int peersOut();

    int mempoolTransactions();

    long mempoolBytes();

    int fraudChecksPending();

    /** Tasks on chain by status ({@code open}, {@code settled}, {@code settled_without_winner}). */
    Map<String, Long> tasksByStatus();

    /** What the workers did, by kind (e.g. {@code watcher_checked}). */
    Map<String, Long> workCounts();

    /** The last retention plan over the node's artifacts, or null before the first. */
    default RetentionPlan storagePlan() {
      return null;
    }

    /** Whether free disk space is below the watermark. */
    default boolean diskLow() {
      return false;
    }
  }

  private static final Duration DISK_CACHE = Duration.ofSeconds(10);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer finality;
  private final Counter blocks;
  private final Counter txsAccepted;
  private final Counter txsRejected;
  private final Map<String, Long> lastWork = new ConcurrentHashMap<>();
  private final Source source;

  public NodeMetrics(String node, Source source, Map<String, Path> stores) {
    this.source = source;
    registry.config().commonTags("node", node);
    gauge("pot_chain_height", "Height of the last finalized block", source::height);
    gauge("pot_consensus_round", "Consensus round at the current height", source::round);
    Gauge.builder("pot_p2p_peers", source, s -> s.peersIn())
        .description("Authenticated peers by who opened the connection")
        .tag("direction", "in")
        .strongReference(true)
        .register(registry);
    Gauge.builder("pot_p2p_peers", source, s -> s.peersOut())
        .description("Authenticated peers by who opened the connection")
        .tag("direction", "out")
        .strongReference(true)
        .register(registry);
    gauge(
        "pot_mempool_transactions",
        "Transactions waiting in the mempool",
        () -> source.mempoolTransactions());
    gauge("pot_mempool_bytes", "Encoded bytes of the mempool's transactions", source::mempoolBytes);
    gauge(
        "pot_fraud_checks_pending",
        "Fraud-proof checks started and not finished",
        () -> source.fraudChecksPending());
    for (String status : new String[] {"open", "settled", "settled_without_winner"}) {
      Gauge.builder(
              "pot_tasks", source, s -> s.tasksByStatus().getOrDefault(status, 0L).doubleValue())
          .description("Training tasks on chain by status")
          .tag("status", status)
          .strongReference(true)
          .register(registry);
    }
    for (Map.Entry<String, Path> store : stores.entrySet()) {
      CachedSize size = new CachedSize(store.getValue());
      Gauge.builder("pot_storage_bytes", size, CachedSize::bytes)
          .description("Bytes on disk under each of the node's stores")
          .baseUnit("bytes")
          .tag("store", store.getKey())
          .strongReference(true)
          .register(registry);
    }
    for (BlobKind kind : BlobKind.values()) {
      Gauge.builder("pot_artifact_bytes", source, s -> planned(s, p -> p.bytesByKind().get(kind)))
          .description("Bytes of the node's artifacts by kind, as of the last retention plan")
          .baseUnit("bytes")
          .tag("kind", kind.label())
          .strongReference(true)
          .register(registry);
    }
    Gauge.builder("pot_artifact_pinned_bytes", source, s -> planned(s, RetentionPlan::pinnedBytes))
        .description("Bytes of pinned artifacts (never collected)")
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            "pot_artifact_reclaimable_bytes",
            source,
            s -> planned(s, RetentionPlan::reclaimableBytes))
        .description("Bytes of artifacts the retention policy lets the next collection remove")
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
    Gauge.builder("pot_disk_low", source, s -> s.diskLow() ? 1 : 0)
        .description("1 while free disk space is below the watermark (no new tasks or datasets)")
        .strongReference(true)
        .register(registry);
    finality =
        Timer.builder("pot_finality")
            .description("From a block's time to its commit on this node")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofSeconds(60))
            .register(registry);
    blocks = Counter.builder("pot_blocks_applied").description("Blocks applied").register(registry);
    txsAccepted =
        Counter.builder("pot_transactions_applied")
            .description("Transactions in applied blocks, by outcome")
            .tag("outcome", "accepted")
            .register(registry);
    txsRejected =
        Counter.builder("pot_transactions_applied")
            .description("Transactions in applied blocks, by outcome")
            .tag("outcome", "rejected")
            .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  private static double planned(Source s, java.util.function.ToLongFunction<RetentionPlan> f) {
    RetentionPlan p = s.storagePlan();
    return p == null ? Double.NaN : f.applyAsLong(p);
  }

  private void gauge(String name, String description, LongSupplier value) {
    Gauge.builder(name, value, v -> v.getAsLong())
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  /** Told by the ledger after each block (on the consensus thread: counting only). */
  public void committed(Block block, BlockResult result, long nowMillis) {
    blocks.increment();
    long accepted = result.acceptedCount();
    txsAccepted.increment((double) accepted);
    txsRejected.increment((double) (block.transactions().size() - accepted));
    finality.record(Duration.ofMillis(Math.max(0, nowMillis - block.header().timeMillis())));
  }

  /** The metrics in the Prometheus text exposition format. */
  public String scrape() {
    for (Map.Entry<String, Long> e : source.workCounts().entrySet()) {
      // worker counts only grow: register a counter per kind the first time it is seen
      long prev = lastWork.getOrDefault(e.getKey(), 0L);
      if (e.getValue() > prev) {
        Counter.builder("pot_work")
            .description("What this node's miner, verifier and watcher did, by kind")
            .tag("kind", e.getKey())
            .register(registry)
            .increment((double) (e.getValue() - prev));
        lastWork.put(e.getKey(), e.getValue());
      }
    }
    return registry.scrape();
  }

  /** The registry, for components that add their own meters. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The size of a directory tree, walked at most every {@link #DISK_CACHE}. */
  private static final class CachedSize {
    private final Path dir;
    private long bytes;
    private long at = Long.MIN_VALUE;

    CachedSize(Path dir) {
      this.dir = dir;
    }

    synchronized double bytes() {
      long now = System.nanoTime();
      if (at == Long.MIN_VALUE || now - at > DISK_CACHE.toNanos()) {
        bytes = walk(dir);
        at = now;
      }
      return bytes;
    }

    private static long walk(Path dir) {
      if (!Files.isDirectory(dir)) {
        return 0;
      }
      try (Stream<Path> s = Files.walk(dir)) {
        return s.filter(Files::isRegularFile)
            .mapToLong(
                p -> {
                  try {
                    return Files.size(p);
                  } catch (IOException e) {
                    return 0; // deleted while walking
                  }
                })
            .sum();
      } catch (IOException | UncheckedIOException e) {
        return 0;
      }
    }
  }
}

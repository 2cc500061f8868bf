package network.pot.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import network.pot.node.work.Datasets;

/**
 * The JSON-RPC server's limits: the {@code [rpc]} table of the node's TOML file (the node reads
 * only its {@code listen}; the rest is the server's). Every value has a default, and a bad or
 * unknown key fails the start with the key and the reason.
 *
 * <pre>{@code
 * [rpc]
 * listen = "127.0.0.1:8545"
 * rate_limit_per_second = 50          # calls one client IP may make per second, sustained
 * rate_limit_burst = 200              # calls one client IP may make at once, after a pause
 * rate_limit_loopback = false         # also limit clients on 127.0.0.0/8 and ::1
 * max_task_spec_bytes = 1048576       # one task spec (canonical JSON); at most what miners fetch
 * max_pending_task_spec_bytes = 16777216  # specs no task on chain names yet, all clients together
 * pending_task_spec_blocks = 3600     # blocks a spec waits for its task before it is dropped
 * }</pre>
 */
public final class RpcConfig {
  /** The defaults: what a node without those keys runs with. */
  public static final RpcConfig DEFAULT = builder().build();

  private static final TomlMapper TOML = new TomlMapper();

  private static final Set<String> KEYS =
      Set.of(
          "listen",
          "rate_limit_per_second",
          "rate_limit_burst",
          "rate_limit_loopback",
          "max_task_spec_bytes",
          "max_pending_task_spec_bytes",
          "pending_task_spec_blocks");

  private final long rateLimitPerSecond;
  private final long rateLimitBurst;
  private final boolean rateLimitLoopback;
  private final int maxTaskSpecBytes;
  private final long maxPendingTaskSpecBytes;
  private final long pendingTaskSpecBlocks;

  private RpcConfig(Builder b) {
    this.rateLimitPerSecond = positive("rpc.rate_limit_per_second", b.rateLimitPerSecond);
    this.rateLimitBurst = positive("rpc.rate_limit_burst", b.rateLimitBurst);
    this.rateLimitLoopback = b.rateLimitLoopback;
    long spec = positive("rpc.max_task_spec_bytes", b.maxTaskSpecBytes);
    if (spec > Datasets.MAX_SPEC_BYTES) {
      throw new IllegalArgumentException(
          "rpc.max_task_spec_bytes must be at most "
              + Datasets.MAX_SPEC_BYTES
              + " (the largest spec a miner fetches), got "
              + spec);
    }
    this.maxTaskSpecBytes = (int) spec;
    this.maxPendingTaskSpecBytes =
        positive("rpc.max_pending_task_spec_bytes", b.maxPendingTaskSpecBytes);
    if (maxPendingTaskSpecBytes < maxTaskSpecBytes) {
      throw new IllegalArgumentException(
          "rpc.max_pending_task_spec_bytes ("
              + maxPendingTaskSpecBytes
              + ") must be at least rpc.max_task_spec_bytes ("
              + maxTaskSpecBytes
              + ")");
    }
    this.pendingTaskSpecBlocks = positive("rpc.pending_task_spec_blocks", b.pendingTaskSpecBlocks);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reads the {@code [rpc]} table of the node config {@code file}; a bad value names its key. */
  public static RpcConfig read(Path file) throws IOException {
    JsonNode rpc;
    try {
      rpc = TOML.readTree(Files.readString(file)).path("rpc");
    } catch (IOException e) {
      throw new IOException("cannot read config " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(rpc);
    } catch (IllegalArgumentException e) {
      throw new IOException("bad config " + file + ": " + e.getMessage(), e);
    }
  }

  /** The limits of an {@code [rpc]} table (missing or empty: the defaults). */
  static RpcConfig parse(JsonNode rpc) {
    for (Iterator<String> it = rpc.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException("unknown key 'rpc." + k + "'");
      }
    }
    RpcConfig d = DEFAULT;
    return builder()
        .rateLimitPerSecond(integer(rpc, "rate_limit_per_second", d.rateLimitPerSecond))
        .rateLimitBurst(integer(rpc, "rate_limit_burst", d.rateLimitBurst))
        .rateLimitLoopback(bool(rpc, "rate_limit_loopback", d.rateLimitLoopback))
        .maxTaskSpecBytes(integer(rpc, "max_task_spec_bytes", d.maxTaskSpecBytes))
        .maxPendingTaskSpecBytes(
            integer(rpc, "max_pending_task_spec_bytes", d.maxPendingTaskSpecBytes))
        .pendingTaskSpecBlocks(integer(rpc, "pending_task_spec_blocks", d.pendingTaskSpecBlocks))
        .build();
  }

  private static long integer(JsonNode table, String key, long dflt) {
    JsonNode v = table.get(key);
    if (v == null) {
      return dflt;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("rpc." + key + " must be an integer, got " + v);
    }
    return v.asLong();
  }

  private static boolean bool(JsonNode table, String key, boolean dflt) {
    JsonNode v = table.get(key);
    if (v == null) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException("rpc." + key + " must be true or false, got " + v);
    }
    return v.asBoolean();
  }

  private static long positive(String key, long v) {
    if (v < 1) {
      throw new IllegalArgumentException(key + " must be positive, got " + v);
    }
    return v;
  }

  /** Calls one client (IP address) may make per second, sustained. */
  public long rateLimitPerSecond() {
    return rateLimitPerSecond;
  }

  /** Calls one client may make at once after a pause: its token bucket's size. */
  public long rateLimitBurst() {
    return rateLimitBurst;
  }

  /** Whether loopback clients are limited too (by default they are exempt: local tools). */
  public boolean rateLimitLoopback() {
    return rateLimitLoopback;
  }

  /** The largest task spec {@code pot_putTaskSpec} takes, in bytes of canonical JSON. */
  public int maxTaskSpecBytes() {
    return maxTaskSpecBytes;
  }

  /** Bytes of specs held for tasks not yet on chain, from all clients together. */
  public long maxPendingTaskSpecBytes() {
    return maxPendingTaskSpecBytes;
  }

  /** Blocks a held spec waits for a task that names it before it is dropped. */
  public long pendingTaskSpecBlocks() {
    return pendingTaskSpecBlocks;
  }

  @Override
  public String toString() {
    return "rate_limit_per_second="
        + rateLimitPerSecond
        + " rate_limit_burst="
        + rateLimitBurst
        + " rate_limit_loopback="
        + rateLimitLoopback
        + " max_task_spec_bytes="
        + maxTaskSpecBytes
        + " max_pending_task_spec_bytes="
        + maxPendingTaskSpecBytes
        + " pending_task_spec_blocks="
        + pendingTaskSpecBlocks;
  }

  /** Named settings; {@link #build()} checks them. */
  public static final class Builder {
    private long rateLimitPerSecond = 50;
    private long rateLimitBurst = 200;
    private boolean rateLimitLoopback = false;
    private long maxTaskSpecBytes = Datasets.MAX_SPEC_BYTES;
    private long maxPendingTaskSpecBytes = 16L << 20;
    private long pendingTaskSpecBlocks = 3600;

    private Builder() {}

    public Builder rateLimitPerSecond(long v) {
      this.rateLimitPerSecond = v;
      return this;
    }

    public Builder rateLimitBurst(long v) {
      this.rateLimitBurst = v;
      return this;
    }

    public Builder rateLimitLoopback(boolean v) {
      this.rateLimitLoopback = v;
      return this;
    }

    public Builder maxTaskSpecBytes(long v) {
      this.maxTaskSpecBytes = v;
      return this;
    }

    public Builder maxPendingTaskSpecBytes(long v) {
      this.maxPendingTaskSpecBytes = v;
      return this;
    }

    public Builder pendingTaskSpecBlocks(long v) {
      this.pendingTaskSpecBlocks = v;
      return this;
    }

    /** The config; a value out of range throws with its key. */
    public RpcConfig build() {
      return new RpcConfig(this);
    }
  }
}

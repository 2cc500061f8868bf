package network.pot.cli.p2p;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import network.pot.base.crypto.Sha256;
import network.pot.base.io.FileTrees;
import network.pot.cli.output.ExitCodes;
import network.pot.cli.output.JsonCommand;
import network.pot.cli.output.Output;
import network.pot.cli.output.UserException;
import network.pot.p2p.P2pConfig;
import network.pot.p2p.P2pNode;
import network.pot.p2p.blob.BlobService;
import network.pot.p2p.blob.ContentId;
import network.pot.p2p.blob.DirectoryBlobStore;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.crypto.NodeKey;
import network.pot.p2p.gossip.Topics;
import network.pot.p2p.gossip.Validation;
import network.pot.p2p.time.TimeSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pot bench p2p}: two nodes on loopback over the real encrypted transport; measures gossip
 * messages per second one way and blob transfer MB/s (chunks verified, written to disk), and prints
 * one JSON object.
 */
@Command(
    name = "p2p",
    mixinStandardHelpOptions = true,
    description = {
      "Measures the p2p layer between two nodes on 127.0.0.1: handshake time,",
      "gossip messages/s (one way, authenticated and encrypted) and blob",
      "transfer MB/s (chunked, hash-checked, written to a temporary directory).",
      "Prints one JSON object."
    })
public final class BenchP2pCommand extends JsonCommand {
  @Option(
      names = "--messages",
      defaultValue = "200000",
      description = "Gossip messages to send (default: ${DEFAULT-VALUE}).")
  int messages;

  @Option(
      names = "--payload",
      defaultValue = "256",
      description = "Bytes per gossip message, at least 8 (default: ${DEFAULT-VALUE}).")
  int payload;

  @Option(
      names = "--blob-mb",
      defaultValue = "64",
      description = "Size of the transferred blob in MiB (default: ${DEFAULT-VALUE}).")
  int blobMb;

  @Option(
      names = "--chunk-kib",
      defaultValue = "256",
      description = "Blob chunk size in KiB (default: ${DEFAULT-VALUE}).")
  int chunkKib;

  @Option(
      names = "--window",
      defaultValue = "8",
      description = "Chunk requests in flight (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--warmup",
      defaultValue = "true",
      negatable = true,
      description =
          "Warm the JIT first with a tenth of the messages and a 16 MiB blob (default: on).")
  boolean warmup;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the blob content (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  protected void validate() {
    if (messages < 1
        || payload < 8
        || blobMb < 1
        || chunkKib < 1
        || chunkKib > 2048
        || window < 1) {
      throw new UserException(
          "--messages, --blob-mb and --window must be >= 1, --payload >= 8, --chunk-kib 1..2048");
    }
    if (payload > 1 << 20) {
      throw new UserException("--payload must be at most 1 MiB");
    }
  }

  @Override
  protected int run(ObjectNode o, Output progress) throws Exception {
    Path tmp = Files.createTempDirectory("pot-bench-p2p");
    try {
      measure(tmp, o);
      return ExitCodes.OK;
    } finally {
      FileTrees.deleteRecursively(tmp);
    }
  }

  // blobsA is held by the try only to be closed: it serves node a's blobs while b fetches them.
  @SuppressWarnings("try")
  private void measure(Path tmp, ObjectNode o) throws Exception {
    P2pConfig config =
        P2pConfig.builder(Sha256.of("pot-bench-p2p".getBytes(StandardCharsets.UTF_8)))
            .rateLimit(1e9, 1e9) // measuring throughput, not the limiter
            .seen(2 * messages, 600_000)
            .build();
    SecureRandom random = new SecureRandom();
    AtomicReference<CountDownLatch> received = new AtomicReference<>();
    CountDownLatch connected = new CountDownLatch(1);
    DirectoryBlobStore storeA = new DirectoryBlobStore(tmp.resolve("a"));
    DirectoryBlobStore storeB = new DirectoryBlobStore(tmp.resolve("b"));
    try (P2pNode a = new P2pNode(NodeKey.generate(random), config, TimeSource.system(), random);
        P2pNode b = new P2pNode(NodeKey.generate(random), config, TimeSource.system(), random);
        BlobService blobsA = new BlobService(a, storeA, window);
        BlobService blobsB = new BlobService(b, storeB, window)) {
      b.onGossip(
          Topics.TRANSACTIONS,
          (from, p) -> {
            received.get().countDown();
            return Validation.IGNORE;
          });
      b.addListener(peer -> connected.countDown());
      a.start();
      InetSocketAddress addressB = b.start();

      long t0 = System.nanoTime();
      a.connect(addressB, Optional.of(b.id())).get(10, TimeUnit.SECONDS);
      if (!connected.await(10, TimeUnit.SECONDS)) {
        throw new IOException("the second node never saw the first");
      }
      double handshakeMs = (System.nanoTime() - t0) / 1e6;

      int chunk = chunkKib * 1024;
      if (warmup) {
        gossip(a, b.id(), received, 0, Math.max(1, messages / 10));
        transfer(storeB, blobsB, a.id(), storeA.put(new SeededStream(seed + 1, 16L << 20), chunk));
      }
      double gossipSeconds = gossip(a, b.id(), received, messages, messages);
      long blobBytes = (long) blobMb << 20;
      ContentId id = storeA.put(new SeededStream(seed, blobBytes), chunk);
      double blobSeconds = transfer(storeB, blobsB, a.id(), id);

      o.put("handshake_ms", round(handshakeMs));
      o.put("messages", messages);
      o.put("payload_bytes", payload);
      o.put("messages_per_second", Math.round(messages / gossipSeconds));
      o.put("gossip_mb_per_second", round((double) messages * payload / gossipSeconds / 1e6));
      o.put("blob_bytes", blobBytes);
      o.put("chunk_bytes", chunk);
      o.put("window", window);
      o.put("blob_seconds", round(blobSeconds));
      o.put("blob_mb_per_second", round(blobBytes / blobSeconds / 1e6));
      o.put("blob_id", id.toHex());
    }
  }

  /** Fetches a blob from {@code source} into {@code to}; returns the seconds it took. */
  private static double transfer(
      DirectoryBlobStore to, BlobService fetcher, NodeId source, ContentId id) throws Exception {
    long t = System.nanoTime();
    fetcher.fetch(id, List.of(source)).get(300, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - t) / 1e9;
    if (!to.has(id)) {
      throw new IOException("the fetched blob is not in the store");
    }
    return seconds;
  }

  /**
   * Sends {@code count} messages numbered from {@code first} (waiting while the socket buffer is
   * full); returns seconds until all arrived.
   */
  private double gossip(
      P2pNode a, NodeId to, AtomicReference<CountDownLatch> received, int first, int count)
      throws Exception {
    CountDownLatch latch = new CountDownLatch(count);
    received.set(latch);
    byte[] body = new byte[payload];
    long t = System.nanoTime();
    for (int i = first; i < first + count; i++) {
      ByteBuffer.wrap(body).putLong(i); // distinct payloads, or dedup would drop them
      a.publish(Topics.TRANSACTIONS, body.clone());
      while (!a.isWritable(to)) {
        LockSupport.parkNanos(20_000);
      }
    }
    if (!latch.await(120, TimeUnit.SECONDS)) {
      throw new IOException(latch.getCount() + " gossip messages never arrived");
    }
    return (System.nanoTime() - t) / 1e9;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** {@code size} pseudo-random bytes from a seed, without holding them in memory. */
  private static final class SeededStream extends InputStream {
    private final SplittableRandom random;
    private long left;

    SeededStream(long seed, long size) {
      this.random = new SplittableRandom(seed);
      this.left = size;
    }

    @Override
    public int read() {
      if (left == 0) {
        return -1;
      }
      left--;
      return random.nextInt(256);
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) random.nextInt();
      }
      left -= n;
      return n;
    }
  }
}

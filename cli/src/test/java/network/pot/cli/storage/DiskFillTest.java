package network.pot.cli.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import network.pot.base.crypto.Hash;
import network.pot.chain.block.Block;
import network.pot.chain.store.ChainStore;
import network.pot.chain.store.RocksDbKeyValueStorage;
import network.pot.cli.OneNode;
import network.pot.cli.devnet.DevnetLayout;
import network.pot.node.GenesisFile;
import network.pot.node.NodeConfig;
import network.pot.proof.DataBundle;
import network.pot.proof.TaskSpec;
import network.pot.rpc.RpcClient;
import network.pot.rpc.RpcNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A node whose data directory is a small file system of its own (a 256 MiB tmpfs mounted for the
 * test: needs root, skipped otherwise or when mounting fails, and unmounted whatever happens) is
 * filled until its free space falls below the watermark: it says so in its status log, {@code
 * /health} and {@code pot_disk_low}, refuses a new dataset with a message naming the watermark, and
 * goes on finalizing blocks; once the space is freed it says so, takes the dataset, and after it
 * stops, its RocksDB stores open again with an intact chain of blocks.
 */
@Tag("mount")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DiskFillTest {
  private static final long MIB = 1L << 20;
  private static final long WATERMARK = 48 * MIB;

  @TempDir Path tmp;

  private static boolean run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  @Test
  void belowTheWatermarkTheNodeRefusesNewDataKeepsFinalizingAndRecovers() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
    Path mnt = Files.createDirectories(tmp.resolve("disk"));
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", mnt.toString()),
        "mount -t tmpfs failed: cannot make a small file system here");
    Logger status = (Logger) LoggerFactory.getLogger("pot.status");
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Level quiet = status.getLevel();
    status.setLevel(Level.INFO); // the tests' log configuration keeps status lines below WARN out
    status.addAppender(log);
    try {
      fillRefuseAndRecover(mnt, log);
    } finally {
      status.detachAppender(log);
      status.setLevel(quiet);
      run("umount", "-l", mnt.toString());
    }
  }

  private void fillRefuseAndRecover(Path mnt, ListAppender<ILoggingEvent> log) throws Exception {
    DevnetLayout layout =
        DevnetLayout.create(mnt.resolve("devnet"), 1, 0, List.of(), DevnetLayout.params());
    Path config = layout.config(layout.nodes().get(0));
    Files.writeString(
        config, "\n[storage]\nmin_free_bytes = " + WATERMARK + "\n", StandardOpenOption.APPEND);
    NodeConfig c = NodeConfig.read(config);
    Hash id = Hash.of(TaskSpec.dataHash(OneNode.SMALL));
    byte[] bundle;
    try (InputStream in = DataBundle.open(OneNode.SMALL)) {
      bundle = in.readAllBytes();
    }
    long lastHeight;
    try (RpcNode served = RpcNode.start(c)) {
      var node = served.node();
      RpcClient rpc = new RpcClient(layout.nodes().get(0).rpc());
      String base = "http://" + layout.nodes().get(0).rpc();
      await("height 3", () -> node.app().state().height() >= 3);
      assertThat(node.storage().diskLow()).isFalse();
      assertThat(get(base + "/health")).containsPattern("\"disk\"\\s*:\\s*\"ok\"");

      // fill the file system until less than the watermark is free, leaving RocksDB room to write
      long free = Files.getFileStore(mnt).getUsableSpace();
      Path filler = mnt.resolve("filler");
      try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
        byte[] block = new byte[(int) MIB];
        Arrays.fill(block, (byte) 1);
        for (long n = 0; n < free - WATERMARK / 2; n += MIB) {
          f.write(block); // tmpfs allocates what is written, not what is declared
        }
      }
      System.out.printf(
          "free before filling %d bytes, after %d, watermark %d%n",
          free, Files.getFileStore(mnt).getUsableSpace(), WATERMARK);
      await("the watermark trips", () -> node.storage().diskLow());
      long lowAt = node.app().state().height();
      assertThat(get(base + "/health")).containsPattern("\"disk\"\\s*:\\s*\"low\"");
      assertThat(get(base + "/metrics")).containsPattern("(?m)^pot_disk_low\\S* 1(\\.0)?$");
      await("low logged", () -> messages(log).stream().anyMatch(m -> m.contains("space low")));
      assertThatThrownBy(() -> upload(rpc, id, bundle, 0, 64 << 10))
          .isInstanceOf(RpcClient.RpcException.class)
          .hasMessageContaining("watermark");
      assertThat(node.datasets().has(id)).isFalse();
      await("blocks finalized while low", () -> node.app().state().height() >= lowAt + 5);

      Files.delete(filler);
      await("recovery", () -> !node.storage().diskLow());
      // the flag turns before the status line is written
      await("recovery logged", () -> messages(log).stream().anyMatch(m -> m.contains("recovered")));
      assertThat(get(base + "/health")).containsPattern("\"disk\"\\s*:\\s*\"ok\"");
      for (int off = 0; off < bundle.length; off += 256 << 10) {
        upload(rpc, id, bundle, off, Math.min(256 << 10, bundle.length - off));
      }
      assertThat(node.datasets().has(id)).isTrue();
      lastHeight = node.app().state().height();
    }

    // nothing in RocksDB is corrupt: both stores open, and every block links to the one before
    try (ChainStore chain =
        ChainStore.open(
            RocksDbKeyValueStorage.open(c.dataDir().resolve("chain")),
            GenesisFile.read(c.genesis()))) {
      assertThat(chain.height()).isGreaterThanOrEqualTo(lastHeight);
      Hash previous = Hash.ZERO;
      for (long h = 1; h <= chain.height(); h++) {
        Block b = chain.block(h);
        assertThat(b.header().previousHash()).as("block %d", h).isEqualTo(previous);
        previous = b.hash();
      }
      assertThat(chain.state().globals().lastBlockHash()).isEqualTo(previous);
    }
    RocksDbKeyValueStorage.open(c.dataDir().resolve("consensus")).close();
  }

  private static void upload(RpcClient rpc, Hash id, byte[] bundle, int offset, int length)
      throws Exception {
    rpc.call(
        "pot_uploadDataset",
        RpcClient.params()
            .put("dataset", id.toHex())
            .put("size", bundle.length)
            .put("offset", offset)
            .put(
                "data",
                Base64.getEncoder()
                    .encodeToString(Arrays.copyOfRange(bundle, offset, offset + length))));
  }

  private static List<String> messages(ListAppender<ILoggingEvent> log) {
    synchronized (log) { // AppenderBase appends holding the appender's lock
      return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private static String get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}

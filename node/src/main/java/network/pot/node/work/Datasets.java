package network.pot.node.work;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.Sha256;
import network.pot.base.io.FileTrees;
import network.pot.chain.state.Task;
import network.pot.node.api.ArtifactStore;
import network.pot.node.api.DatasetStore;
import network.pot.node.ledger.ReexecutingFraudChecker;
import network.pot.node.net.Artifacts;
import network.pot.p2p.blob.ServedBlobStore;
import network.pot.proof.BlobSource;
import network.pot.proof.DataBundle;
import network.pot.proof.TaskSpec;
import network.pot.tensor.data.DataSets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datasets this node can train and verify on, by content hash (the id a dataset is registered
 * under on chain and that task specs name): the directories its config lists, and those it fetched
 * from peers. Every one is served to peers as a {@link DataBundle} under its hash; a dataset this
 * node lacks is fetched from the peers (at most {@link #MAX_FETCH_BYTES}; a peer whose bundle does
 * not hash to the id is banned and the next one asked) and checked to be a dataset. A client can
 * also upload a dataset's bundle ({@link #receive}); it is kept, once checked, like a fetched one.
 *
 * <p>A fetched or uploaded dataset is stored once: as its bundle among the artifacts, where the
 * retention policy keeps or collects it like any other artifact, and where peers fetch it from. It
 * is unpacked on demand, into a transient directory under the fetched-datasets directory, only
 * while a task loads it into memory (where it stays for the node's life); a dot name marks those
 * directories, so a crash leaves nothing behind for good. Directories unpacked there by an earlier
 * version are turned back into bundles at startup. A configured directory is stored once too: it is
 * read in place, and peers get its bundle read from its files at the offsets they ask for. Hashes
 * are computed once at startup.
 */
public final class Datasets implements DatasetStore {
  private static final Logger LOG = LoggerFactory.getLogger(Datasets.class);
  private static final Logger STATUS = LoggerFactory.getLogger("pot.status");

  /** The largest dataset bundle this node fetches from a peer. */
  public static final long MAX_FETCH_BYTES = 4L << 30;

  /** The largest task spec this node fetches from a peer (a spec is a few hundred bytes). */
  public static final int MAX_SPEC_BYTES = 1 << 20;

  private static final long FETCH_WAIT_MILLIS = 10 * 60_000;
  private static final long RETRY_MILLIS = 15_000;

  private final String node;

  /** The configured directories; fetched and uploaded datasets are bundles among the artifacts. */
  private final Map<Hash, Path> dirs;

  private final Map<Hash, DataSets.Split> loaded = new ConcurrentHashMap<>();
  private final Path fetchedRoot;
  private final Artifacts peers;
  private final Map<Hash, Long> lastTry = new ConcurrentHashMap<>();
  private final Object fetchLock = new Object();
  private final Object uploadLock = new Object();
  private volatile BooleanSupplier refuseNew = () -> false;

  private Datasets(String node, Map<Hash, Path> dirs, Path fetchedRoot, Artifacts peers) {
    this.node = node;
    this.dirs = new ConcurrentHashMap<>(dirs);
    this.fetchedRoot = fetchedRoot;
    this.peers = peers;
  }

  /**
   * The configured {@code dirs} plus the bundles among {@code peers}' artifacts; all of them are
   * offered to peers through {@code peers}, and missing datasets are fetched through it.
   */
  public static Datasets open(String node, List<Path> dirs, Path fetchedRoot, Artifacts peers)
      throws IOException {
    Map<Hash, Path> m = hashAll(dirs);
    Files.createDirectories(fetchedRoot);
    try (Stream<Path> s = Files.list(fetchedRoot)) {
      for (Path d : s.sorted().toList()) {
        String name = d.getFileName().toString();
        if (name.startsWith(".")) {
          FileTrees.deleteRecursively(d); // an unpack or upload that a crash interrupted
          continue;
        }
        boolean valid;
        try {
          valid = hashOf(d).toHex().equals(name);
          if (valid) {
            // unpacked by an earlier version: kept once, as its bundle
            try (InputStream in = DataBundle.open(d)) {
              peers.put(Hash.fromHex(name).toArray(), in);
            }
            LOG.info("{} dataset {} is now kept as its bundle only", node, name);
          }
        } catch (IOException e) {
          valid = false;
        }
        if (!valid) {
          LOG.warn("{} does not hold the dataset its name says; removing it", d);
        }
        FileTrees.deleteRecursively(d);
      }
    }
    List<Hash> copies = new java.util.ArrayList<>();
    for (Map.Entry<Hash, Path> e : m.entrySet()) {
      // served from the directory itself, read in place as its bundle: not stored a second time
      Path dir = e.getValue();
      peers.serveInPlace(
          e.getKey().toArray(),
          new ServedBlobStore.Source() {
            @Override
            public InputStream open() throws IOException {
              return DataBundle.open(dir);
            }

            @Override
            public byte[] read(long offset, int length) throws IOException {
              return DataBundle.read(dir, offset, length);
            }
          });
      if (peers.has(e.getKey().toArray())) {
        copies.add(e.getKey()); // the copy of its bundle an earlier version kept
      }
    }
    if (!copies.isEmpty()) {
      peers.index().remove(copies);
      LOG.info(
          "{} serves its configured datasets from their directories; removed {} copies",
          node,
          copies.size());
    }
    return new Datasets(node, m, fetchedRoot, peers);
  }

  private static Map<Hash, Path> hashAll(List<Path> dirs) throws IOException {
    Map<Hash, Path> m = new HashMap<>();
    for (Path d : dirs) {
      m.put(hashOf(d), d);
    }
    return m;
  }

  /** Content hash of a directory, as registered on chain. */
  public static Hash hashOf(Path dir) throws IOException {
    return Hash.of(TaskSpec.dataHash(dir));
  }

  /**
   * The ids of the datasets the config lists: read in place from their directories, and served to
   * peers from there as their bundles (never stored a second time).
   */
  public Set<Hash> configured() {
    return Set.copyOf(dirs.keySet());
  }

  /** Whether this node holds the dataset now: configured, or its bundle among the artifacts. */
  @Override
  public boolean has(Hash id) {
    return dirs.containsKey(id) || peers.has(id.toArray());
  }

  /** Uploads are bounded as fetches are. */
  @Override
  public long maxBundleBytes() {
    return MAX_FETCH_BYTES;
  }

  /**
   * Appends the chunk to the upload's file under the fetched-datasets directory (a dot file, so an
   * upload a restart interrupts is removed); after the last chunk the bundle is hashed, unpacked
   * like a fetched one and offered to peers.
   */
  @Override
  public Upload receive(Hash id, long size, long offset, byte[] chunk) throws IOException {
    if (has(id)) {
      return new Upload(size, true);
    }
    if (refuseNew.getAsBoolean()) {
      throw new IOException("disk space is below this node's watermark: it takes no new dataset");
    }
    String hex = id.toHex();
    if (size < 1 || size > maxBundleBytes()) {
      throw new IllegalArgumentException(
          "a bundle of "
              + size
              + " bytes for dataset "
              + hex
              + ": this node takes 1 to "
              + maxBundleBytes()
              + " bytes");
    }
    if (offset < 0 || chunk.length > size - offset) {
      throw new IllegalArgumentException(
          "a chunk of "
              + chunk.length
              + " bytes at offset "
              + offset
              + " lies outside the "
              + size
              + "-byte bundle of dataset "
              + hex);
    }
    synchronized (uploadLock) {
      Path part = fetchedRoot.resolve("." + hex + ".upload");
      if (offset == 0) {
        Files.deleteIfExists(part);
      }
      long have = Files.exists(part) ? Files.size(part) : 0;
      if (offset != have) {
        throw new IllegalArgumentException(
            "a chunk at offset "
                + offset
                + " of dataset "
                + hex
                + ", but "
                + have
                + " bytes of it are received: send from there (or from 0)");
      }
      Files.write(part, chunk, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      have += chunk.length;
      if (have < size) {
        return new Upload(have, false);
      }
      try {
        accept(id, part);
      } finally {
        Files.deleteIfExists(part);
      }
      return new Upload(have, true);
    }
  }

  /** The SHA-256 of a file's bytes. */
  private static byte[] hash(Path file) throws IOException {
    MessageDigest md = Sha256.digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return md.digest();
  }

  private void accept(Hash id, Path bundle) throws IOException {
    String hex = id.toHex();
    byte[] hash = hash(bundle);
    if (!MessageDigest.isEqual(hash, id.toArray())) {
      throw new IllegalArgumentException(
          "the uploaded bundle hashes to " + Hex.encode(hash) + ", not to dataset id " + hex);
    }
    synchronized (fetchLock) {
      if (has(id)) {
        return;
      }
      try {
        check(bundle, id);
      } catch (IOException bad) {
        String why = bad.getMessage() == null ? "" : bad.getMessage();
        throw new IllegalArgumentException(
            "the uploaded bundle of dataset "
                + hex
                + " is not a dataset: "
                + why.replace(bundle.toString() + ": ", ""),
            bad);
      }
      try (InputStream in = Files.newInputStream(bundle)) {
        peers.put(id.toArray(), in);
      }
    }
    STATUS.info(
        "{} received dataset {} from a client: {} MB",
        node,
        hex.substring(0, 12),
        String.format(Locale.ROOT, "%.1f", Files.size(bundle) / 1e6));
  }

  /** Refuses uploads of new datasets while {@code low} is true (the disk watermark). */
  public void refuseNewWhen(BooleanSupplier low) {
    this.refuseNew = low;
  }

  /**
   * Whether this node holds the dataset, fetching it from peers when it does not (at most once
   * every few seconds per dataset while no peer supplies it). Blocks while the transfer runs.
   */
  public boolean obtain(Hash id) throws IOException {
    if (has(id)) {
      return true;
    }
    synchronized (fetchLock) {
      if (has(id)) {
        return true;
      }
      long now = System.currentTimeMillis();
      Long last = lastTry.get(id);
      if (last != null && now - last < RETRY_MILLIS) {
        return false;
      }
      lastTry.put(id, now);
      String shortId = id.toHex().substring(0, 12);
      STATUS.info("{} fetches dataset {} from peers", node, shortId);
      long t0 = System.nanoTime();
      Optional<Path> bundle =
          peers.fetchFile(
              id.toArray(),
              MAX_FETCH_BYTES,
              FETCH_WAIT_MILLIS,
              file -> {
                if (!MessageDigest.isEqual(hash(file), id.toArray())) {
                  LOG.warn("{} got other bytes than dataset {} from a peer", node, shortId);
                  return false;
                }
                try {
                  check(file, id);
                  return true;
                } catch (IOException bad) {
                  // the bundle is the one registered: it is the dataset that is bad, not the peer
                  throw new IOException(
                      "dataset " + shortId + " is registered with a bundle that is not a dataset",
                      bad);
                }
              });
      if (bundle.isEmpty()) {
        STATUS.warn("{}: no peer supplied dataset {}; will ask again", node, shortId);
        return false;
      }
      STATUS.info(
          "{} fetched dataset {}: {} MB in {} ms",
          node,
          shortId,
          String.format(Locale.ROOT, "%.1f", Files.size(bundle.get()) / 1e6),
          (System.nanoTime() - t0) / 1_000_000);
      return true;
    }
  }

  /**
   * The dataset's train/test split, loaded (and checked against the task) on first use; fetched
   * from peers first when this node lacks it. Empty when no peer supplied it.
   */
  public Optional<DataSets.Split> load(TaskSpec spec) throws IOException {
    Hash id = Hash.of(spec.dataHash());
    if (!obtain(id)) {
      return Optional.empty();
    }
    DataSets.Split s = loaded.get(id);
    if (s == null) {
      synchronized (this) {
        s = loaded.get(id);
        if (s == null) {
          Optional<DataSets.Split> read = read(spec, id);
          if (read.isEmpty()) {
            return Optional.empty();
          }
          s = read.get();
          loaded.put(id, s);
        }
      }
    }
    return Optional.of(s);
  }

  /**
   * Reads a held dataset: a configured directory as it is, a bundle unpacked into a transient
   * directory that is removed once read. Empty when the bundle was collected meanwhile.
   */
  private Optional<DataSets.Split> read(TaskSpec spec, Hash id) throws IOException {
    Path dir = dirs.get(id);
    if (dir != null) {
      return Optional.of(spec.loadData(dir));
    }
    Optional<Path> bundle = peers.index().file(id.toArray());
    if (bundle.isEmpty()) {
      return Optional.empty();
    }
    Path tmp = Files.createTempDirectory(fetchedRoot, "." + id.toHex() + "-load-");
    try {
      return Optional.of(
          spec.loadData(DataBundle.unpack(bundle.get(), tmp.resolve("data"), id.toArray())));
    } finally {
      FileTrees.deleteRecursively(tmp);
    }
  }

  /**
   * Checks that a bundle that hashes to {@code id} is a dataset, by unpacking it into a transient
   * directory that is removed at once.
   */
  private void check(Path bundle, Hash id) throws IOException {
    Path tmp = Files.createTempDirectory(fetchedRoot, "." + id.toHex() + "-check-");
    try {
      DataBundle.unpack(bundle, tmp.resolve("data"), id.toArray());
    } finally {
      FileTrees.deleteRecursively(tmp);
    }
  }

  /**
   * What the ledger's fraud-proof checker re-executes with on this node: these datasets, and the
   * specs and checkpoints among this node's artifacts (fetched from peers when missing).
   */
  public ReexecutingFraudChecker.Inputs fraudCheckInputs() {
    return new ReexecutingFraudChecker.Inputs() {
      @Override
      public Optional<TaskSpec> spec(Task task) throws IOException {
        return Datasets.spec(task, peers);
      }

      @Override
      public Optional<DataSets.Split> data(TaskSpec spec) throws IOException {
        return load(spec);
      }

      @Override
      public BlobSource blobs() {
        return peers;
      }
    };
  }

  /**
   * The spec a task names, from {@code artifacts} (at most {@link #MAX_SPEC_BYTES}, checked against
   * its hash).
   */
  public static Optional<TaskSpec> spec(Task t, ArtifactStore artifacts) throws IOException {
    Hash h = t.terms().specHash();
    return spec(
        h, artifacts.fetch(h.toArray(), MAX_SPEC_BYTES, b -> spec(h, Optional.of(b)).isPresent()));
  }

  /** Reads a task spec artifact and checks that it is the one {@code specHash} names. */
  public static Optional<TaskSpec> spec(Hash specHash, Optional<byte[]> bytes) {
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      TaskSpec s = TaskSpec.parse(new String(bytes.get(), StandardCharsets.UTF_8));
      return Hash.of(s.taskId()).equals(specHash) ? Optional.of(s) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}

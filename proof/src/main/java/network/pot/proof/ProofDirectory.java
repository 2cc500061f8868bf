package network.pot.proof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Sha256;
import network.pot.base.io.AtomicFiles;
import network.pot.base.io.FileTrees;
import network.pot.tensor.Parallel;
import network.pot.tensor.data.Dataset;

/**
 * A proof on disk, as {@code pot prove} writes it: {@code commitment.json} (what goes on chain),
 * {@code transcript.txt} (the state hashes, one hex line per leaf, from which openings are served)
 * {@code blobs/<state hash hex>} (the checkpoints it keeps, content-addressed) and {@code
 * storage.txt} (which ones it keeps: every how many leaves, {@link CheckpointStorage}). Files are
 * written to a temporary name, synced and renamed, and the rename synced, so a crash never leaves a
 * half-written blob under its address. {@link #stage} writes a whole proof under a temporary name,
 * so that a failed run never leaves a directory that looks like a proof.
 *
 * <p>As a {@link BlobSource} and {@link OpeningSource} it stands for the prover answering a
 * challenge; nothing it returns is trusted by the verifier.
 */
public final class ProofDirectory implements BlobSource, BlobSink, OpeningSource {
  public static final String COMMITMENT = "commitment.json";
  public static final String TRANSCRIPT = "transcript.txt";
  public static final String BLOBS = "blobs";
  public static final String STORAGE = "storage.txt";

  private final Path dir;
  private Transcript transcript;
  private boolean transcriptRead;

  private ProofDirectory(Path dir) {
    this.dir = dir;
  }

  /** Creates (or reuses) a proof directory for writing. */
  public static ProofDirectory create(Path dir) throws IOException {
    Files.createDirectories(dir.resolve(BLOBS));
    return new ProofDirectory(dir);
  }

  /** Opens an existing proof directory for reading. */
  public static ProofDirectory open(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory");
    }
    return new ProofDirectory(dir);
  }

  public Path dir() {
    return dir;
  }

  /** The blob file of {@code id}. */
  public Path blobPath(byte[] id) {
    return dir.resolve(BLOBS).resolve(Hex.encode(id));
  }

  @Override
  public void put(byte[] id, byte[] blob) throws IOException {
    Path file = blobPath(id);
    if (!Files.exists(file)) {
      AtomicFiles.write(file, blob);
    }
  }

  /** Syncs the blob and proof directories: every blob stored so far survives a crash. */
  @Override
  public void flush() throws IOException {
    AtomicFiles.forceDirectory(dir.resolve(BLOBS));
    AtomicFiles.forceDirectory(dir);
  }

  @Override
  public Optional<byte[]> fetch(byte[] id) throws IOException {
    Path file = blobPath(id);
    return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
  }

  @Override
  public Optional<byte[]> fetch(byte[] id, int maxBytes) throws IOException {
    Path file = blobPath(id);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long cap = Math.min(maxBytes + 1L, Integer.MAX_VALUE - 8);
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), cap));
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // reads until the buffer is full or the file ends
      }
      byte[] b = buf.array();
      return Optional.of(buf.hasRemaining() ? Arrays.copyOf(b, buf.position()) : b);
    }
  }

  /** Writes the commitment and the transcript of a finished run. */
  public void save(Prover.Result r) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (byte[] h : r.transcript().stateHashes()) {
      sb.append(Hex.encode(h)).append('\n');
    }
    AtomicFiles.write(dir.resolve(TRANSCRIPT), sb.toString().getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(
        dir.resolve(STORAGE), (r.storage().every() + "\n").getBytes(StandardCharsets.US_ASCII));
    writeCommitment(r.commitment());
    transcript = r.transcript();
    transcriptRead = true;
  }

  /** Writes (replaces) {@code commitment.json}. */
  public void writeCommitment(Commitment c) throws IOException {
    AtomicFiles.write(
        dir.resolve(COMMITMENT),
        (c.toJson().toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Reads {@code commitment.json}; a missing or malformed one is an input error. */
  public Commitment commitment() throws IOException {
    Path f = dir.resolve(COMMITMENT);
    if (!Files.isRegularFile(f)) {
      throw new IOException(f + ": no commitment (not a proof directory?)");
    }
    try {
      return Commitment.parse(Files.readString(f, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(f + ": " + e.getMessage(), e);
    }
  }

  /**
   * Which checkpoints this proof keeps: {@code storage.txt}, or every one when it has none (a proof
   * written before sparse storage).
   */
  public CheckpointStorage storage() throws IOException {
    Path f = dir.resolve(STORAGE);
    if (!Files.isRegularFile(f)) {
      return CheckpointStorage.FULL;
    }
    try {
      return new CheckpointStorage(Integer.parseInt(Files.readString(f).trim()));
    } catch (IllegalArgumentException e) {
      throw new IOException(f + ": not a checkpoint interval", e);
    }
  }

  /**
   * The prover answering blob requests for this proof: kept checkpoints from {@code blobs/}, the
   * others re-trained from the nearest kept one ({@link CheckpointServer}). Without a readable
   * transcript it serves only the kept blobs.
   */
  public BlobSource server(TaskSpec task, Dataset train, Parallel par) throws IOException {
    open(0);
    if (transcript == null || transcript.size() != task.segments() + 1) {
      return this;
    }
    return new CheckpointServer(task, transcript, storage(), this, train, par);
  }

  /**
   * Serves openings from {@code transcript.txt}. A missing or malformed transcript answers nothing:
   * that is the prover failing the challenge, which the verdict reports.
   */
  @Override
  public Optional<Merkle.Opening> open(int index) throws IOException {
    if (!transcriptRead) {
      transcript = readTranscript();
      transcriptRead = true;
    }
    return transcript == null ? Optional.empty() : transcript.open(index);
  }

  private Transcript readTranscript() throws IOException {
    Path f = dir.resolve(TRANSCRIPT);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    List<byte[]> leaves = new ArrayList<>();
    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        leaves.add(Hex.decode(line, Sha256.SIZE, "state hash"));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return leaves.isEmpty() ? null : new Transcript(leaves);
  }

  /**
   * Starts writing a proof that is to appear at {@code target}: the directory is a fresh temporary
   * sibling of {@code target} until {@link Staging#publish} renames it into place. {@code target}
   * must not exist yet, or be an empty directory.
   */
  public static Staging stage(Path target) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".partial-");
    return new Staging(create(tmp), abs);
  }

  /**
   * A proof being written under a temporary name. {@link #publish} renames it to its target in one
   * step; {@link #close} deletes it unless it was published, so a run that fails, diverges or is
   * interrupted leaves nothing at the target. Both may be called from another thread (a shutdown
   * hook) while the run is still writing.
   */
  public static final class Staging implements AutoCloseable {
    private final ProofDirectory directory;
    private final Path target;
    private boolean done;

    private Staging(ProofDirectory directory, Path target) {
      this.directory = directory;
      this.target = target;
    }

    /** The temporary directory to write the proof into. */
    public ProofDirectory directory() {
      return directory;
    }

    /** Renames the finished proof to its target and returns the proof directory there. */
    public synchronized ProofDirectory publish() throws IOException {
      if (done) {
        throw new IllegalStateException("this proof was already published or discarded");
      }
      AtomicFiles.forceTree(directory.dir());
      if (Files.isDirectory(target)) {
        try (Stream<Path> s = Files.list(target)) {
          if (s.findAny().isPresent()) {
            throw new IOException(target + " is not empty; the proof stays at " + directory.dir());
          }
        }
        Files.delete(target);
      }
      AtomicFiles.moveIntoPlace(directory.dir(), target);
      done = true;
      return new ProofDirectory(target);
    }

    /** Deletes the temporary directory unless the proof was published. */
    @Override
    public synchronized void close() throws IOException {
      if (done) {
        return;
      }
      done = true;
      FileTrees.deleteRecursively(directory.dir());
    }
  }
}

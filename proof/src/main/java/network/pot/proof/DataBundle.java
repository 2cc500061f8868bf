package network.pot.proof;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import network.pot.base.bytes.Hex;
import network.pot.base.codec.LittleEndian;
import network.pot.base.crypto.Sha256;
import network.pot.base.io.AtomicFiles;
import network.pot.base.io.FileTrees;
import network.pot.tensor.data.DataSets;

/**
 * A dataset directory as one byte stream, the form in which nodes pass datasets to each other. The
 * stream is exactly what {@link TaskSpec#dataHash(Path)} hashes: the tag {@code "pot/data/v1"}
 * prefixed by its length (u32), then for each data file, in the fixed order {@link DataSets#files}
 * gives, its length (u64) and its bytes; integers little-endian. So the SHA-256 of a bundle is the
 * dataset's content hash, and a bundle received from anyone is checked by hashing it.
 *
 * <p>File names are not in the stream: a bundle of four files is the IDX layout (each file
 * gzip-compressed or not, as its first bytes say), a bundle of two is {@code train.csv} and {@code
 * test.csv}.
 */
public final class DataBundle {
  private static final byte[] TAG = "pot/data/v1".getBytes(StandardCharsets.UTF_8);
  private static final String[] IDX_NAMES = {
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
  };
  private static final String[] CSV_NAMES = {"train.csv", "test.csv"};

  private DataBundle() {}

  /** The bundle of {@code dir}, streamed from its files. */
  public static InputStream open(Path dir) throws IOException {
    List<Path> files = files(dir);
    List<InputStream> parts = new ArrayList<>();
    parts.add(new ByteArrayInputStream(header()));
    for (Path f : files) {
      parts.add(new ByteArrayInputStream(LittleEndian.u64(Files.size(f))));
      parts.add(new LazyFileStream(f));
    }
    return new java.io.SequenceInputStream(Collections.enumeration(parts));
  }

  /**
   * {@code length} bytes of the bundle of {@code dir} from {@code offset}, read from its files at
   * their positions (a chunk served to a peer, without streaming the bytes before it).
   *
   * @throws IOException when the range is not inside the bundle or a file cannot be read
   */
  public static byte[] read(Path dir, long offset, int length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IOException("negative range");
    }
    byte[] out = new byte[length];
    int filled = 0;
    long at = 0; // where the current part starts in the bundle
    List<Path> files = files(dir);
    byte[] header = header();
    filled += copy(header, at, offset, out, filled);
    at += header.length;
    for (Path f : files) {
      if (filled == length) {
        break;
      }
      long size = Files.size(f);
      byte[] prefix = LittleEndian.u64(size);
      filled += copy(prefix, at, offset + filled, out, filled);
      at += prefix.length;
      long from = offset + filled;
      if (filled < length && from < at + size) {
        int n = (int) Math.min(length - filled, at + size - from);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
          java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(out, filled, n);
          long pos = from - at;
          while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
              throw new IOException(f + ": shorter than when it was listed");
            }
            pos += r;
          }
        }
        filled += n;
      }
      at += size;
    }
    if (filled != length) {
      throw new IOException(
          "bytes " + offset + ".." + (offset + length) + " are not inside the bundle of " + dir);
    }
    return out;
  }

  /** Copies what of {@code part} (at {@code partAt}) lies from {@code from} on into {@code out}. */
  private static int copy(byte[] part, long partAt, long from, byte[] out, int filled) {
    if (from < partAt || from >= partAt + part.length || filled >= out.length) {
      return 0;
    }
    int start = (int) (from - partAt);
    int n = Math.min(part.length - start, out.length - filled);
    System.arraycopy(part, start, out, filled, n);
    return n;
  }

  /** Bytes in the bundle of {@code dir}. */
  public static long size(Path dir) throws IOException {
    long n = header().length;
    for (Path f : files(dir)) {
      n = Math.addExact(n, 8 + Files.size(f));
    }
    return n;
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory");
    }
    List<Path> files = DataSets.files(dir);
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new IOException(f + ": missing data file");
      }
    }
    return files;
  }

  /** The bundle's first bytes: the tag, prefixed by its length. */
  private static byte[] header() {
    byte[] h = new byte[4 + TAG.length];
    LittleEndian.putU32(h, 0, TAG.length);
    System.arraycopy(TAG, 0, h, 4, TAG.length);
    return h;
  }

  /**
   * Unpacks {@code bundle} into the directory {@code target}, which must not exist yet, after
   * checking that the bundle is well formed and hashes to {@code expectedHash}. Nothing is left at
   * {@code target} unless every check passed: the files are written to a sibling directory and
   * moved into place at the end.
   *
   * @throws IOException naming what is wrong with the bundle, or why it cannot be written
   */
  public static Path unpack(Path bundle, Path target, byte[] expectedHash) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + "-");
    try {
      MessageDigest md = Sha256.digest();
      long total = Files.size(bundle);
      List<Path> written = new ArrayList<>();
      try (InputStream in =
          new DigestInputStream(
              new java.io.BufferedInputStream(Files.newInputStream(bundle)), md)) {
        byte[] head = in.readNBytes(4 + TAG.length);
        if (!Arrays.equals(head, header())) {
          throw new IOException(bundle + ": not a dataset bundle (bad header)");
        }
        long left = total - head.length;
        while (left > 0) {
          if (written.size() == IDX_NAMES.length) {
            throw new IOException(bundle + ": more than " + IDX_NAMES.length + " files");
          }
          byte[] len = in.readNBytes(8);
          left -= 8;
          long size = len.length == 8 ? LittleEndian.getU64(len, 0) : -1;
          if (size < 0 || size > left) {
            throw new IOException(bundle + ": truncated at file " + (written.size() + 1));
          }
          Path f = tmp.resolve("file" + written.size());
          try (OutputStream out = Files.newOutputStream(f)) {
            copy(in, out, size);
          }
          written.add(f);
          left -= size;
        }
      }
      byte[] hash = md.digest();
      if (!MessageDigest.isEqual(hash, expectedHash)) {
        throw new IOException(
            bundle
                + ": content hash "
                + Hex.encode(hash)
                + " is not the expected "
                + Hex.encode(expectedHash));
      }
      // the stream hashed right, so the directory does too if its files are read back in order
      List<Path> named = name(written);
      if (!DataSets.files(tmp).equals(named)) {
        throw new IOException(bundle + ": its files do not form a dataset of that hash");
      }
      AtomicFiles.forceTree(tmp);
      try {
        AtomicFiles.moveIntoPlace(tmp, target);
      } catch (FileSystemException e) {
        if (!Files.isDirectory(target)) {
          throw e;
        }
        // unpacked meanwhile by someone else: theirs is as good as ours
      }
      return target;
    } finally {
      FileTrees.deleteRecursively(tmp);
    }
  }

  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buf = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new IOException("bundle ended early");
      }
      out.write(buf, 0, n);
      left -= n;
    }
  }

  /** Gives the unpacked files their names from their count and first bytes; the renamed paths. */
  private static List<Path> name(List<Path> files) throws IOException {
    String[] names;
    if (files.size() == IDX_NAMES.length) {
      names = IDX_NAMES.clone();
      for (int i = 0; i < names.length; i++) {
        if (gzip(files.get(i))) {
          names[i] += ".gz";
        }
      }
    } else if (files.size() == CSV_NAMES.length) {
      names = CSV_NAMES;
    } else {
      throw new IOException(
          "a dataset bundle holds 4 IDX files or 2 CSV files, not " + files.size());
    }
    List<Path> named = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      named.add(Files.move(files.get(i), files.get(i).resolveSibling(names[i])));
    }
    return named;
  }

  private static boolean gzip(Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      byte[] b = in.readNBytes(2);
      return b.length == 2 && (b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b;
    }
  }

  /** Opens its file on first read, so a bundle of many files holds one descriptor at a time. */
  private static final class LazyFileStream extends InputStream {
    private final Path file;
    private InputStream in;

    LazyFileStream(Path file) {
      this.file = file;
    }

    private InputStream in() throws IOException {
      if (in == null) {
        in = Files.newInputStream(file);
      }
      return in;
    }

    @Override
    public int read() throws IOException {
      return in().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in().read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (in != null) {
        in.close();
      }
    }
  }
}

package network.pot.base.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Durable atomic file replacement, the one way the project puts a file in place: write a temporary
 * sibling, force it to disk, rename it over the target, then force the directory so that the rename
 * itself survives a power loss. A reader sees the old file or the new one, never a mix; a crash
 * leaves at most a {@code .tmp-} sibling behind, which the next write replaces.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes the whole file through an output stream. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Replaces {@code target} with {@code data}, durably. */
  public static void write(Path target, byte[] data) throws IOException {
    write(target, out -> out.write(data));
  }

  /**
   * Replaces {@code target} with {@code data}, durably, readable and writable by the owner alone
   * (mode 0600 where the file system has POSIX permissions): for key files and passphrases. The
   * file is created with that mode, so no other user can open it even for a moment.
   */
  public static void writePrivate(Path target, byte[] data) throws IOException {
    write(target, out -> out.write(data), true);
  }

  /** Replaces {@code target} with what {@code body} writes, durably. */
  public static void write(Path target, Body body) throws IOException {
    write(target, body, false);
  }

  private static void write(Path target, Body body, boolean ownerOnly) throws IOException {
    Path dir = parentOf(target);
    Files.createDirectories(dir);
    Path tmp = temporarySibling(target);
    try {
      Set<StandardOpenOption> options =
          EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      FileAttribute<?>[] attributes =
          ownerOnly && supportsPosix(dir)
              ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
              : new FileAttribute<?>[0];
      try (FileChannel ch = FileChannel.open(tmp, options, attributes)) {
        OutputStream out = Channels.newOutputStream(ch);
        body.writeTo(out);
        out.flush();
        ch.force(true);
      }
      moveIntoPlace(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Replaces {@code target} with {@code data} atomically against a process crash but without
   * forcing anything to the device: for files whose loss in a power failure costs nothing (a
   * simulator's scratch logs), where an fsync per write would dominate the run time.
   */
  public static void writeUnforced(Path target, byte[] data) throws IOException {
    Path tmp = temporarySibling(target);
    try {
      Files.write(tmp, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot rename " + tmp + " to " + target + " atomically", e);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes {@code data} at the start of a new file and forces it, without renaming. */
  public static void writeSynced(Path file, ByteBuffer data) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (data.hasRemaining()) {
        ch.write(data);
      }
      ch.force(true);
    }
  }

  /**
   * Renames a file or directory that is already on disk (written and forced by the caller) over
   * {@code target}, atomically, and forces the parent directory. For a directory, the caller forces
   * the files inside it first ({@link #forceTree}).
   */
  public static void moveIntoPlace(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "cannot rename " + source + " to " + target + " atomically (different file systems?)", e);
    }
    forceDirectory(parentOf(target));
  }

  /** Forces a directory's entries (new names, renames, deletions) to disk. */
  public static void forceDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems (and platforms) refuse to open a directory for syncing; the rename is
      // then as durable as that file system makes it.
      if (Files.isDirectory(dir) && isUnsupported(e)) {
        return;
      }
      throw e;
    }
  }

  /** Forces every regular file under {@code root}, and every directory, to disk. */
  public static void forceTree(Path root) throws IOException {
    if (Files.isRegularFile(root)) {
      force(root);
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        if (Files.isRegularFile(p)) {
          force(p);
        } else if (Files.isDirectory(p)) {
          forceDirectory(p);
        }
      }
    }
  }

  /** Forces one regular file's contents to disk. */
  public static void force(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private static boolean supportsPosix(Path dir) throws IOException {
    return Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
  }

  /** A fresh name beside {@code target} for writing it. */
  public static Path temporarySibling(Path target) {
    String name = target.getFileName().toString();
    return parentOf(target)
        .resolve(
            "." + name + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
  }

  private static Path parentOf(Path p) {
    Path parent = p.toAbsolutePath().getParent();
    if (parent == null) {
      throw new IllegalArgumentException("no parent directory: " + p);
    }
    return parent;
  }

  private static boolean isUnsupported(IOException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("Is a directory") || m.contains("Invalid argument");
  }
}

package network.pot.node.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import network.pot.base.crypto.Hash;
import network.pot.base.io.AtomicFiles;

/**
 * The artifacts pinned (never collected), in one small text file ({@code pins}): a line {@code pin
 * <key>} per pinned artifact and {@code auto <task>} per task whose winning model the node pinned
 * by itself (so that it does it once, and an operator's unpin sticks). The file is replaced
 * atomically; every change and every collection holds an exclusive lock on {@code pins.lock}, also
 * across processes, so a {@code pot storage pin} beside a running node never races its collector.
 */
public final class PinSet {
  private final Path file;
  private final Path lockFile;

  public PinSet(Path dir) throws IOException {
    Files.createDirectories(dir);
    this.file = dir.resolve("pins");
    this.lockFile = dir.resolve("pins.lock");
  }

  /** An exclusive hold on the pins, released by {@link Hold#close}. */
  public final class Hold implements AutoCloseable {
    private final RandomAccessFile raf;
    private final FileLock lock;

    private Hold() throws IOException {
      this.raf = new RandomAccessFile(lockFile.toFile(), "rw");
      FileChannel ch = raf.getChannel();
      this.lock = ch.lock();
    }

    /** The pinned keys. */
    public Set<Hash> pins() throws IOException {
      return read("pin ");
    }

    /** Tasks whose winning model was pinned automatically. */
    public Set<Hash> autoPinned() throws IOException {
      return read("auto ");
    }

    /** Pins {@code key}; false if it was pinned already. */
    public boolean pin(Hash key) throws IOException {
      Set<Hash> p = pins();
      boolean added = p.add(key);
      if (added) {
        write(p, autoPinned());
      }
      return added;
    }

    /** Unpins {@code key}; false if it was not pinned. */
    public boolean unpin(Hash key) throws IOException {
      Set<Hash> p = pins();
      boolean removed = p.remove(key);
      if (removed) {
        write(p, autoPinned());
      }
      return removed;
    }

    /** Pins the winning model of one of the node's own tasks, once per task. */
    public void autoPin(Hash task, Hash model) throws IOException {
      Set<Hash> auto = autoPinned();
      if (auto.add(task)) {
        Set<Hash> p = pins();
        p.add(model);
        write(p, auto);
      }
    }

    @Override
    public void close() throws IOException {
      lock.release();
      raf.close();
    }
  }

  /** Takes the lock (waiting for another process that holds it). */
  public Hold hold() throws IOException {
    return new Hold();
  }

  private Set<Hash> read(String prefix) throws IOException {
    Set<Hash> out = new HashSet<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      if (line.startsWith(prefix)) {
        out.add(Hash.fromHex(line.substring(prefix.length()).trim()));
      }
    }
    return out;
  }

  private void write(Set<Hash> pins, Set<Hash> auto) throws IOException {
    StringBuilder b = new StringBuilder();
    for (Hash h : new TreeSet<>(pins)) {
      b.append("pin ").append(h.toHex()).append('\n');
    }
    for (Hash h : new TreeSet<>(auto)) {
      b.append("auto ").append(h.toHex()).append('\n');
    }
    AtomicFiles.write(file, b.toString().getBytes(StandardCharsets.US_ASCII));
  }
}

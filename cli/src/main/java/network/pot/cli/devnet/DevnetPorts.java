package network.pot.cli.devnet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import network.pot.base.io.AtomicFiles;

/**
 * Loopback ports for a devnet's nodes, chosen so that no two nodes (of this devnet, of another
 * devnet started at the same time by another process, or an outgoing connection) get the same one.
 * A node is a process of its own that binds its ports itself, some seconds after they were chosen,
 * so a port cannot simply be held and handed over; instead:
 *
 * <ul>
 *   <li>all ports of a devnet are chosen in one call, each socket held open until the last is
 *       chosen: no port twice within a devnet (asking the kernel for a free port one at a time,
 *       each closed before the next, can return the same port again);
 *   <li>they come from a range below the kernel's ephemeral range ({@code
 *       /proc/sys/net/ipv4/ip_local_port_range}), which the kernel never hands out by itself: an
 *       outgoing connection or a {@code bind(0)} elsewhere cannot take a port in the seconds before
 *       its node binds it;
 *   <li>processes that allocate at the same time take turns under a lock file, and each records
 *       what it handed out in a ledger beside it ({@value #LEDGER}, in the temporary directory); a
 *       port handed out in the last {@link #RESERVED_MILLIS} ms is not handed out again, even if
 *       its node has not bound it yet.
 * </ul>
 *
 * A process that ignores the ledger can still take a port first; the node then fails to bind, and
 * the devnet reports that node as dead ({@link Devnet}) instead of running on without it.
 */
public final class DevnetPorts {
  /** How long a port handed out stays reserved for its node to bind it. */
  static final long RESERVED_MILLIS = 10 * 60 * 1000;

  static final String LOCK = "pot-devnet-ports.lock";
  static final String LEDGER = "pot-devnet-ports.txt";

  /** Lowest port handed out. */
  static final int LOWEST = 20_000;

  private static final Object IN_PROCESS = new Object();

  private DevnetPorts() {}

  /** {@code count} distinct free loopback ports, reserved in the ledger. */
  public static List<Integer> allocate(int count) throws IOException {
    return allocate(
        count, Path.of(System.getProperty("java.io.tmpdir")), System.currentTimeMillis());
  }

  static List<Integer> allocate(int count, Path dir, long now) throws IOException {
    int[] range = range();
    if (count > range[1] - range[0]) {
      throw new IOException("cannot allocate " + count + " ports in " + range[0] + "-" + range[1]);
    }
    // a FileLock is held per process: threads of this process take turns on a monitor first
    synchronized (IN_PROCESS) {
      Files.createDirectories(dir);
      try (FileChannel lockFile =
          FileChannel.open(
              dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        // released when the channel closes
        FileLock lock = lockFile.lock();
        assert lock.isValid();
        Map<Integer, Long> reserved = readLedger(dir.resolve(LEDGER), now);
        List<ServerSocket> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
          int span = range[1] - range[0];
          int start = ThreadLocalRandom.current().nextInt(span);
          for (int i = 0; i < span && ports.size() < count; i++) {
            int port = range[0] + (start + i) % span;
            if (reserved.containsKey(port)) {
              continue;
            }
            ServerSocket s = tryBind(port);
            if (s != null) {
              held.add(s);
              ports.add(port);
            }
          }
        } finally {
          for (ServerSocket s : held) {
            s.close();
          }
        }
        if (ports.size() < count) {
          throw new IOException(
              "only "
                  + ports.size()
                  + " of "
                  + count
                  + " ports free in "
                  + range[0]
                  + "-"
                  + range[1]);
        }
        for (int p : ports) {
          reserved.put(p, now);
        }
        writeLedger(dir.resolve(LEDGER), reserved);
        return ports;
      }
    }
  }

  /** A socket bound to {@code port} on loopback, or null when the port is taken. */
  private static ServerSocket tryBind(int port) {
    try {
      ServerSocket s = new ServerSocket();
      try {
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
      } catch (IOException taken) {
        s.close();
        return null;
      }
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * {@code [lowest, end)}: from {@link #LOWEST} to the start of the kernel's ephemeral range (or,
   * when that starts too low to leave room, the 10,000 ports above its end).
   */
  static int[] range() {
    int ephemeralLow = 32_768;
    int ephemeralHigh = 60_999;
    try {
      String[] r =
          Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
              .trim()
              .split("\\s+", -1);
      ephemeralLow = Integer.parseInt(r[0]);
      ephemeralHigh = Integer.parseInt(r[1]);
    } catch (IOException | RuntimeException notLinux) {
      // the usual defaults
    }
    if (ephemeralLow - LOWEST >= 1_000) {
      return new int[] {LOWEST, ephemeralLow};
    }
    int from = Math.min(ephemeralHigh + 1, 65_535 - 10_000);
    return new int[] {from, from + 10_000};
  }

  private static Map<Integer, Long> readLedger(Path ledger, long now) throws IOException {
    Map<Integer, Long> reserved = new LinkedHashMap<>();
    if (!Files.exists(ledger)) {
      return reserved;
    }
    for (String line : Files.readAllLines(ledger, StandardCharsets.UTF_8)) {
      String[] f = line.trim().split("\\s+", -1);
      try {
        long at = Long.parseLong(f[1]);
        if (now - at < RESERVED_MILLIS) {
          reserved.put(Integer.parseInt(f[0]), at);
        }
      } catch (RuntimeException damaged) {
        // a line cut short: ignore it
      }
    }
    return reserved;
  }

  private static void writeLedger(Path ledger, Map<Integer, Long> reserved) throws IOException {
    StringBuilder b = new StringBuilder();
    reserved.forEach((port, at) -> b.append(port).append(' ').append(at).append('\n'));
    AtomicFiles.write(ledger, b.toString().getBytes(StandardCharsets.UTF_8));
  }
}

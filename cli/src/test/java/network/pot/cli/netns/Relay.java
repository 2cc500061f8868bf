package network.pot.cli.netns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay that makes a link slow and lossy where the kernel offers no {@code netem}: each chunk
 * read from one side is written to the other {@code delay ± jitter} ms later, in order, and with
 * probability {@code loss} it waits a retransmission timeout (200 ms) more, which is what a lost
 * segment costs a TCP stream. Listens in the root namespace, connects to a host's address.
 */
final class Relay implements AutoCloseable {
  /** What a lost segment costs: Linux's minimum retransmission timeout. */
  static final long RETRANSMIT_MS = 200;

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final long delayMs;
  private final long jitterMs;
  private final double loss;
  private final SplittableRandom random;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private volatile boolean closed;

  Relay(
      InetSocketAddress listen,
      InetSocketAddress target,
      long delayMs,
      long jitterMs,
      double loss,
      long seed)
      throws IOException {
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(listen);
    this.target = target;
    this.delayMs = delayMs;
    this.jitterMs = jitterMs;
    this.loss = loss;
    this.random = new SplittableRandom(seed);
    Thread t = new Thread(this::accept, "relay-" + listen.getPort());
    t.setDaemon(true);
    t.start();
  }

  /** Bytes relayed so far, both directions. */
  long bytes() {
    return bytes.get();
  }

  /** Chunks that paid a retransmission timeout. */
  long lost() {
    return lost.get();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket in = server.accept();
        Socket out = new Socket();
        try {
          out.connect(target, 5_000);
        } catch (IOException e) {
          in.close();
          out.close();
          continue;
        }
        in.setTcpNoDelay(true);
        out.setTcpNoDelay(true);
        sockets.add(in);
        sockets.add(out);
        pipe(in, out);
        pipe(out, in);
      } catch (IOException e) {
        if (!closed) {
          System.err.println("relay to " + target + ": " + e);
        }
      }
    }
  }

  private record Chunk(
      long at,
      // bytes read off a socket, written once to the other side; never compared
      @SuppressWarnings("ArrayRecordComponent") byte[] data,
      int length) {}

  private synchronized long deliveryTime(long last) {
    long d = delayMs + (jitterMs == 0 ? 0 : random.nextLong(-jitterMs, jitterMs + 1));
    if (random.nextDouble() < loss) {
      lost.incrementAndGet();
      d += RETRANSMIT_MS;
    }
    return Math.max(last, System.nanoTime() / 1_000_000 + d);
  }

  /** Copies {@code from} to {@code to} with the link's delay and loss; closes both at the end. */
  private void pipe(Socket from, Socket to) {
    LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              long last = 0;
              try (InputStream in = from.getInputStream()) {
                while (true) {
                  byte[] b = new byte[16 * 1024];
                  int n = in.read(b);
                  if (n < 0) {
                    break;
                  }
                  last = deliveryTime(last);
                  queue.add(new Chunk(last, b, n));
                }
              } catch (IOException e) {
                // the connection ended
              }
              queue.add(new Chunk(0, null, -1));
            },
            "relay-read");
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream out = to.getOutputStream()) {
                while (true) {
                  Chunk c = queue.take();
                  if (c.length() < 0) {
                    break;
                  }
                  long wait = c.at() - System.nanoTime() / 1_000_000;
                  if (wait > 0) {
                    Thread.sleep(wait);
                  }
                  out.write(c.data(), 0, c.length());
                  out.flush();
                  bytes.addAndGet(c.length());
                }
              } catch (IOException | InterruptedException e) {
                // the connection ended
              } finally {
                close(from);
                close(to);
              }
            },
            "relay-write");
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    sockets.forEach(Relay::close);
  }
}

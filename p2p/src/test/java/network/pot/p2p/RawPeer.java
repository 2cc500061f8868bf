package network.pot.p2p;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import network.pot.p2p.crypto.Handshake;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.crypto.NodeKey;

/**
 * An attacker's connection on a plain socket: it binds the source address it is given (every
 * 127.x.y.z address is loopback on Linux, so one test plays many hosts), frames by hand, and can
 * run the real handshake with a key of its own, after which it stays idle. Nothing here is shared
 * with {@link P2pNode}: the bytes on the wire are the test's own.
 */
final class RawPeer implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  private RawPeer(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = new DataOutputStream(socket.getOutputStream());
  }

  /** Opens a TCP connection to {@code target} from {@code source} (any free port). */
  static RawPeer open(InetAddress source, InetSocketAddress target) throws IOException {
    Socket s = new Socket();
    try {
      s.bind(new InetSocketAddress(source, 0));
      s.connect(target, 10_000);
      s.setSoTimeout(10_000);
      return new RawPeer(s);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** 127.{@code b}.{@code c}.{@code d}: a loopback address standing for a distinct host. */
  static InetAddress loopback(int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {127, (byte) b, (byte) c, (byte) d});
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * Runs the handshake as the initiator with {@code key}; returns once both hellos and both auth
   * frames crossed (the node then admits or drops the connection); returns the attacker's id. Fails
   * if the node closes first.
   */
  NodeId authenticate(NodeKey key, long seed) throws IOException {
    Handshake hs =
        new Handshake(
            key,
            TestNet.NETWORK,
            Handshake.Role.INITIATOR,
            1,
            Optional.empty(),
            TestNet.random(seed, 0));
    writeFrame(hs.hello());
    Handshake.Step hello = hs.onHello(readFrame());
    if (hello.failed()) {
      throw new IOException("hello refused: " + hello.failure().get());
    }
    writeFrame(hs.auth());
    Handshake.Step auth = hs.onAuth(readFrame());
    if (auth.failed()) {
      throw new IOException("auth refused: " + auth.failure().get());
    }
    return key.id();
  }

  /** Writes one frame: a 4-byte big-endian length, then the bytes. */
  void writeFrame(byte[] frame) throws IOException {
    out.writeInt(frame.length);
    out.write(frame);
    out.flush();
  }

  /** Writes bytes as they are (a forged length prefix, say). */
  void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  byte[] readFrame() throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 20) {
      throw new IOException("implausible frame length " + n);
    }
    byte[] frame = new byte[n];
    in.readFully(frame);
    return frame;
  }

  /**
   * Whether the node closed the connection within {@code wait}; whatever it sends meanwhile is read
   * and dropped. False when the connection is still open after {@code wait}.
   */
  boolean closedWithin(Duration wait) throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    byte[] sink = new byte[4096];
    try {
      while (true) {
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
        socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
        try {
          if (socket.getInputStream().read(sink) < 0) {
            return true;
          }
        } catch (SocketTimeoutException e) {
          if (System.nanoTime() >= deadline) {
            return false;
          }
        }
      }
    } catch (IOException e) {
      return true; // reset by the node
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

package network.pot.p2p;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import network.pot.base.crypto.Sha256;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.crypto.NodeKey;
import network.pot.p2p.time.TimeSource;

/** Real nodes on loopback with ephemeral ports, keys derived from a seed; closes them all. */
public final class TestNet implements AutoCloseable {
  public static final byte[] NETWORK = Sha256.of("pot-test-network".getBytes(UTF_8));

  private final List<P2pNode> nodes = new ArrayList<>();
  private final List<InetSocketAddress> addresses = new ArrayList<>();
  private final long seed;
  private TimeSource time = TimeSource.system();

  public TestNet(long seed) {
    this.seed = seed;
  }

  public static NodeKey key(long seed, int index) {
    return NodeKey.fromSeed(Sha256.of(("node-" + seed + "-" + index).getBytes(UTF_8)));
  }

  public static SecureRandom random(long seed, int index) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(Sha256.of(("rng-" + seed + "-" + index).getBytes(UTF_8)));
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 127.0.0.1:{@code port}, with nothing resolved. */
  public static InetSocketAddress ipv4Loopback(int port) {
    return literal(new byte[] {127, 0, 0, 1}, port);
  }

  /** [::1]:{@code port}, with nothing resolved. */
  public static InetSocketAddress ipv6Loopback(int port) {
    byte[] ip = new byte[16];
    ip[15] = 1;
    return literal(ip, port);
  }

  private static InetSocketAddress literal(byte[] ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Nodes added from now on use {@code t} (a {@link ManualTime} in tests of bans and limits). */
  public TestNet time(TimeSource t) {
    this.time = t;
    return this;
  }

  /** Adds a node; {@code setup} may register handlers before it starts. */
  public P2pNode add(
      UnaryOperator<P2pConfig.Builder> tweak, java.util.function.Consumer<P2pNode> setup)
      throws IOException {
    int i = nodes.size();
    P2pNode n =
        new P2pNode(
            key(seed, i), tweak.apply(P2pConfig.builder(NETWORK)).build(), time, random(seed, i));
    setup.accept(n);
    nodes.add(n);
    addresses.add(n.start());
    return n;
  }

  public P2pNode add() throws IOException {
    return add(c -> c, n -> {});
  }

  public P2pNode node(int i) {
    return nodes.get(i);
  }

  public InetSocketAddress address(int i) {
    return addresses.get(i);
  }

  /** Dials node j from node i and waits until both sides are authenticated. */
  public NodeId connect(int i, int j) throws Exception {
    NodeId id = nodes.get(i).connect(addresses.get(j), Optional.empty()).get(10, TimeUnit.SECONDS);
    P2pNode other = nodes.get(j);
    NodeId me = nodes.get(i).id();
    Await.until("peer " + j + " sees " + i, () -> other.peers().contains(me));
    return id;
  }

  @Override
  public void close() {
    nodes.forEach(P2pNode::close);
  }
}

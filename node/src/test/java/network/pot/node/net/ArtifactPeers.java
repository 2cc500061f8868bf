package network.pot.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import network.pot.base.crypto.Hash;
import network.pot.p2p.P2pConfig;
import network.pot.p2p.P2pNode;
import network.pot.p2p.crypto.NodeKey;
import network.pot.p2p.time.TimeSource;

/**
 * Real p2p nodes on loopback, each with its artifact store in a directory of its own under {@code
 * dir}; {@link #close()} stops them all.
 */
public final class ArtifactPeers implements AutoCloseable {
  /** A started node with its artifact store. */
  public record Peer(P2pNode p2p, Artifacts artifacts, InetSocketAddress address, Path dir) {}

  private final Path dir;
  private final byte[] network;
  private final List<Peer> started = new ArrayList<>();

  public ArtifactPeers(Path dir, String network) {
    this.dir = dir;
    this.network = Hash.sha256(network.getBytes(StandardCharsets.UTF_8)).toArray();
  }

  /** The node key a peer named {@code name} gets. */
  public static NodeKey key(String name) {
    return NodeKey.fromSeed(Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).toArray());
  }

  /** Starts a peer named {@code name} (its key and directory derive from the name). */
  public Peer start(String name) throws IOException {
    return start(name, key(name));
  }

  /** Starts a peer with {@code key}, its artifacts under the directory {@code name}. */
  public Peer start(String name, NodeKey key) throws IOException {
    P2pNode n =
        new P2pNode(
            key,
            P2pConfig.builder(network).listen("127.0.0.1", 0).build(),
            TimeSource.system(),
            new SecureRandom());
    Path home = dir.resolve(name).resolve("artifacts");
    Artifacts a = new Artifacts(n, home, 5_000);
    InetSocketAddress addr = n.start();
    Peer p = new Peer(n, a, addr, home);
    started.add(p);
    return p;
  }

  /** Connects {@code from} to {@code to} and waits until both list the other. */
  public static void connect(Peer from, Peer to) throws Exception {
    from.p2p().connect(to.address(), Optional.empty()).get(10, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!to.p2p().peers().contains(from.p2p().id())
        || !from.p2p().peers().contains(to.p2p().id())) {
      assertThat(System.nanoTime()).as("peers see each other").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).artifacts().close();
      started.get(i).p2p().close();
    }
  }
}

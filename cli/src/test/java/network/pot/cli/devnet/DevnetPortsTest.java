package network.pot.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import network.pot.base.io.FileTrees;
import network.pot.node.NodeConfig;
import network.pot.rpc.RpcNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack on a devnet's ports: two nodes handed the same port (one then dies with "Address
 * already in use" and the devnet runs on short of it). Ports are chosen for a whole devnet at once,
 * below the kernel's ephemeral range and reserved in a shared ledger ({@link DevnetPorts}).
 */
@Tag("attack")
class DevnetPortsTest {
  @TempDir Path dir;

  private static List<ServerSocket> bindAll(List<Integer> ports) throws IOException {
    List<ServerSocket> bound = new ArrayList<>();
    for (int p : ports) {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
      bound.add(s);
    }
    return bound;
  }

  private static List<Integer> ports(DevnetLayout layout) {
    List<Integer> ports = new ArrayList<>();
    for (DevnetLayout.Member m : layout.nodes()) {
      ports.add(m.p2pPort());
      ports.add(m.rpcPort());
    }
    return ports;
  }

  /**
   * 50 devnets of 4 validators and 2 miners laid out in a row, while another thread lays out
   * devnets of its own: no port twice within a devnet or across them, none in the kernel's
   * ephemeral range, and each devnet's nodes bind all their ports while the three devnets before
   * are still running (their ports bound).
   */
  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void fiftyDevnetsInARowGetPortsThatNoOtherNodeHolds() throws Exception {
    Set<Integer> handedOut = new HashSet<>();
    Deque<List<ServerSocket>> running = new ArrayDeque<>();
    CompletableFuture<List<Integer>> other =
        CompletableFuture.supplyAsync(
            () -> {
              List<Integer> all = new ArrayList<>();
              try {
                for (int i = 0; i < 20; i++) {
                  all.addAll(DevnetPorts.allocate(12));
                }
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              return all;
            });
    int[] range = DevnetPorts.range();
    try {
      for (int i = 0; i < 50; i++) {
        DevnetLayout layout =
            DevnetLayout.create(dir.resolve("devnet-" + i), 4, 2, List.of(), DevnetLayout.params());
        List<Integer> ports = ports(layout);
        assertThat(new HashSet<>(ports)).as("devnet %d: distinct ports", i).hasSize(12);
        for (int p : ports) {
          assertThat(p).isBetween(range[0], range[1] - 1);
          assertThat(handedOut.add(p)).as("port %d handed out twice", p).isTrue();
        }
        running.addLast(bindAll(ports)); // the nodes start
        if (running.size() > 3) {
          for (ServerSocket s : running.removeFirst()) {
            s.close(); // an old devnet stops
          }
        }
        FileTrees.deleteRecursively(dir.resolve("devnet-" + i));
      }
      for (int p : other.get(120, TimeUnit.SECONDS)) {
        assertThat(handedOut.add(p)).as("port %d handed to both allocators", p).isTrue();
      }
    } finally {
      for (List<ServerSocket> l : running) {
        for (ServerSocket s : l) {
          s.close();
        }
      }
    }
  }

  /** The same with real nodes: 50 devnets of two validators started and stopped in a row. */
  @Test
  @Tag("long")
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void fiftyDevnetsInARowStartWithoutAPortClash() throws Exception {
    for (int i = 0; i < 50; i++) {
      Path d = dir.resolve("run-" + i);
      DevnetLayout layout = DevnetLayout.create(d, 2, 0, List.of(), DevnetLayout.params());
      List<RpcNode> nodes = new ArrayList<>();
      try {
        for (DevnetLayout.Member m : layout.nodes()) {
          // binds the node's p2p and RPC ports: a clash throws here
          nodes.add(RpcNode.start(NodeConfig.read(layout.config(m))));
        }
      } finally {
        for (int j = nodes.size() - 1; j >= 0; j--) {
          nodes.get(j).close();
        }
      }
      FileTrees.deleteRecursively(d);
    }
  }
}

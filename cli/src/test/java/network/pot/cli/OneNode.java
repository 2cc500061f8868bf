package network.pot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import network.pot.cli.devnet.DevnetLayout;
import network.pot.node.NodeConfig;
import network.pot.rpc.RpcClient;
import network.pot.rpc.RpcNode;

/**
 * One real node in this JVM for tests of the commands that talk to a node: a one-validator devnet
 * layout (with its funded user key) under a test's directory, the node running with its RPC, and
 * {@link #pot} to run a command signed by that user against it.
 */
public final class OneNode implements AutoCloseable {
  /** The small Fashion-MNIST subset kept in the repository. */
  public static final Path SMALL =
      Path.of("..", "data", "fashion-mnist-small").toAbsolutePath().normalize();

  public final DevnetLayout layout;
  public final RpcNode served;
  public final RpcClient rpc;

  /** The node's RPC address as {@code host:port}. */
  public final String hostPort;

  private OneNode(DevnetLayout layout, RpcNode served) {
    this.layout = layout;
    this.served = served;
    this.hostPort = layout.nodes().get(0).rpc();
    this.rpc = new RpcClient(hostPort);
  }

  /**
   * Starts the node in {@code dir} holding {@code datasets}, and waits (at most a minute) until it
   * finalized {@code height}.
   */
  public static OneNode start(Path dir, List<Path> datasets, long height) throws Exception {
    DevnetLayout layout = DevnetLayout.create(dir, 1, 0, datasets, DevnetLayout.params());
    RpcNode served = RpcNode.start(NodeConfig.read(layout.config(layout.nodes().get(0))));
    OneNode n = new OneNode(layout, served);
    long deadline = System.currentTimeMillis() + 60_000;
    while (served.node().app().state().height() < height) {
      assertThat(System.currentTimeMillis()).as("reaching height " + height).isLessThan(deadline);
      Thread.sleep(50);
    }
    return n;
  }

  /** The node's RPC address as a URL. */
  public String url() {
    return "http://" + hostPort;
  }

  /** {@code pot ARGS... --key user.key --passphrase-file user.pass --node URL}. */
  public CliRun pot(String... args) {
    String[] all = new String[args.length + 6];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--key";
    all[args.length + 1] = layout.userKey().toString();
    all[args.length + 2] = "--passphrase-file";
    all[args.length + 3] = layout.userPassphrase().toString();
    all[args.length + 4] = "--node";
    all[args.length + 5] = url();
    return CliRun.of(all);
  }

  @Override
  public void close() {
    served.close();
  }
}

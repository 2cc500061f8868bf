package network.pot.cli.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Hosts made of Linux network namespaces on one machine: each namespace has its own network stack
 * and one interface, a veth pair whose other end sits on a bridge in the root namespace, with a
 * private address of a /24 of its own. The root namespace holds the bridge's address (where the
 * test's relays listen). Cutting a host off is taking its veth end on the bridge down. Needs root
 * and {@code ip}; {@link #close()} removes every namespace and the bridge, also after a failure.
 */
final class Hosts implements AutoCloseable {
  private final String tag;
  private final int subnet;
  private final List<String> namespaces = new ArrayList<>();
  private boolean bridge;

  /** Names and a subnet (10.77.X.0/24) drawn from {@code seed}, so parallel runs do not collide. */
  Hosts(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    this.tag = Long.toString(r.nextLong(36L * 36 * 36 * 36), 36);
    this.subnet = 2 + r.nextInt(250);
  }

  /** Makes the bridge and {@code n} hosts (1..n). */
  void create(int n) throws IOException, InterruptedException {
    run("ip", "link", "add", bridgeName(), "type", "bridge");
    bridge = true;
    run("ip", "addr", "add", gateway() + "/24", "dev", bridgeName());
    run("ip", "link", "set", bridgeName(), "up");
    for (int i = 1; i <= n; i++) {
      String ns = namespace(i);
      run("ip", "netns", "add", ns);
      namespaces.add(ns);
      run("ip", "link", "add", veth(i), "type", "veth", "peer", "name", "eth0", "netns", ns);
      run("ip", "link", "set", veth(i), "master", bridgeName(), "up");
      run("ip", "-n", ns, "addr", "add", ip(i) + "/24", "dev", "eth0");
      run("ip", "-n", ns, "link", "set", "eth0", "up");
      run("ip", "-n", ns, "link", "set", "lo", "up");
    }
  }

  String namespace(int i) {
    return "pot" + tag + "-" + i;
  }

  private String bridgeName() {
    return "potbr" + tag;
  }

  private String veth(int i) {
    return "pv" + tag + "-" + i;
  }

  /** Host {@code i}'s address. */
  String ip(int i) {
    return "10.77." + subnet + "." + (10 + i);
  }

  /** The root namespace's address on the bridge. */
  String gateway() {
    return "10.77." + subnet + ".1";
  }

  /** {@code command} run inside host {@code i}. */
  List<String> inHost(int i, List<String> command) {
    List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", namespace(i)));
    c.addAll(command);
    return c;
  }

  /** Cuts host {@code i} off the bridge (its packets are lost until {@link #heal}). */
  void cut(int i) throws IOException, InterruptedException {
    run("ip", "link", "set", veth(i), "down");
  }

  void heal(int i) throws IOException, InterruptedException {
    run("ip", "link", "set", veth(i), "up");
  }

  /** Runs a command to its end; a non-zero exit is an {@link IOException} with its output. */
  static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + ": timed out");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + ": exit " + p.exitValue() + ": " + out);
    }
    return out;
  }

  /**
   * Null when this process may make namespaces (root, and a probe namespace can be made and
   * removed), else why not: the test is then skipped with that reason.
   */
  static String unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "network namespaces need root";
    }
    String probe = "potprobe" + ProcessHandle.current().pid();
    try {
      run("ip", "netns", "add", probe);
      run("ip", "netns", "del", probe);
      return null;
    } catch (IOException e) {
      return "ip netns does not work here: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  @Override
  public void close() {
    for (String ns : namespaces) {
      try {
        run("ip", "netns", "del", ns);
      } catch (IOException | InterruptedException e) {
        System.err.println("could not remove namespace " + ns + ": " + e.getMessage());
      }
    }
    namespaces.clear();
    if (bridge) {
      try {
        run("ip", "link", "del", bridgeName());
      } catch (IOException | InterruptedException e) {
        System.err.println("could not remove bridge " + bridgeName() + ": " + e.getMessage());
      }
      bridge = false;
    }
  }
}

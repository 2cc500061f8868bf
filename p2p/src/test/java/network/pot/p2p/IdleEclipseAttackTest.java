package network.pot.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.crypto.NodeKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The attack (eclipse by idle connections): node ids cost nothing, so one attacker opens dozens of
 * connections, each with a fresh key, completes the handshake and then says nothing. When every
 * connection shared one limit, these took all the slots, and once a validator's link to a
 * configured (persistent) peer dropped, neither side could get back in: the validator was cut off
 * from the validators it is told to talk to. Now inbound and outbound connections have separate
 * limits, one address and one /24 get only a share of the inbound ones, persistent peers are
 * admitted whatever the limits, and a stranger that has sent nothing useful for a while gives its
 * slot to a newcomer. Real sockets on loopback; the attacker's hosts are 127.x.y.z source
 * addresses.
 */
@Tag("attack")
@Timeout(120)
class IdleEclipseAttackTest {
  private final List<RawPeer> crowd = new ArrayList<>();

  @AfterEach
  void closeCrowd() throws IOException {
    for (RawPeer p : crowd) {
      p.close();
    }
  }

  @Test
  void oneHostAndItsNeighboursGetOnlyTheirShareOfTheInboundSlots() throws Exception {
    try (TestNet net = new TestNet(31)) {
      P2pNode victim = net.add();
      P2pConfig c = victim.config();
      int kept = 0;
      for (int i = 0; i < 64; i++) {
        kept += join(victim, net.address(0), RawPeer.loopback(0, 5, 2), i) ? 1 : 0;
      }
      assertThat(kept).as("connections kept from one address").isEqualTo(c.maxInboundPerIp());
      for (int i = 0; i < 32; i++) {
        kept += join(victim, net.address(0), RawPeer.loopback(0, 5, 3 + i), 64 + i) ? 1 : 0;
      }
      assertThat(kept).as("connections kept from one /24").isEqualTo(c.maxInboundPerSubnet());
      // a host elsewhere still gets in
      P2pNode honest = net.add();
      net.connect(1, 0);
      assertThat(victim.peers()).contains(honest.id());
    }
  }

  @Test
  void aVictimFullOfIdleStrangersStillReconnectsToItsPersistentValidator() throws Exception {
    ManualTime time = new ManualTime();
    try (TestNet net = new TestNet(32).time(time)) {
      P2pNode victim = net.add();
      P2pNode validator = net.add();
      // validators name each other as persistent peers
      victim.addPersistentPeer(net.address(1));
      validator.addPersistentPeer(net.address(0));
      Await.until("the validators connect", () -> victim.peers().contains(validator.id()));

      int kept = fill(victim, net.address(0), 0, 100);
      validator.disconnect(victim.id());
      Await.until("the link drops", () -> !victim.peers().contains(validator.id()));
      // the attacker takes any freed slot at once, before either side redials
      kept += fill(victim, net.address(0), 100, 10);
      time.advance(victim.config().reconnectMaxMillis());

      Await.until(
          "the victim is back with its validator",
          () -> victim.peers().contains(validator.id()) && validator.peers().contains(victim.id()));
      assertThat(kept).as("strangers kept").isEqualTo(victim.config().maxInbound());
      assertThat(victim.peers()).hasSize(victim.config().maxInbound() + 1);
    }
  }

  @Test
  void strangersThatStayIdleMakeRoomForANewPeer() throws Exception {
    ManualTime time = new ManualTime();
    try (TestNet net = new TestNet(33).time(time)) {
      P2pNode victim = net.add();
      int kept = fill(victim, net.address(0), 0, 100);
      assertThat(kept).isEqualTo(victim.config().maxInbound());
      assertThat(join(victim, net.address(0), RawPeer.loopback(200, 0, 2), 1_000))
          .as("no room while the strangers are fresh")
          .isFalse();

      time.advance(victim.config().idleEvictionMillis());
      P2pNode late = net.add();
      net.connect(1, 0);
      assertThat(victim.peers()).contains(late.id()).hasSize(victim.config().maxInbound());
    }
  }

  /**
   * Opens {@code count} idle connections, each from its own /24 (127.10+i.0.0/24 for the i-th) with
   * its own key; returns how many the victim kept.
   */
  private int fill(P2pNode victim, InetSocketAddress at, int first, int count) throws IOException {
    int kept = 0;
    for (int i = first; i < first + count; i++) {
      kept += join(victim, at, RawPeer.loopback(10 + i / 250, i % 250, 2), i) ? 1 : 0;
    }
    return kept;
  }

  /**
   * Opens one connection from {@code source} with a fresh key, runs the handshake and waits until
   * the victim lists the connection among its peers or closes it.
   */
  private boolean join(P2pNode victim, InetSocketAddress at, InetAddress source, int n)
      throws IOException {
    RawPeer p = RawPeer.open(source, at);
    crowd.add(p);
    NodeKey key = TestNet.key(777, n);
    NodeId id;
    try {
      id = p.authenticate(key, n);
    } catch (IOException e) {
      return false; // refused before the handshake finished
    }
    Await.until(
        "the victim decides on connection " + n,
        () -> victim.peers().contains(id) || closed(p),
        Duration.ofSeconds(10));
    return victim.peers().contains(id);
  }

  private static boolean closed(RawPeer p) {
    try {
      return p.closedWithin(Duration.ofMillis(1));
    } catch (IOException e) {
      return true;
    }
  }
}

package network.pot.p2p;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import network.pot.p2p.crypto.Handshake;
import network.pot.p2p.gossip.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connection slots: the limits, persistent peers above them, idle eviction, the settings. */
@Timeout(60)
class ConnectionLimitsTest {
  @Test
  void outboundSlotsForStrangersAreCappedButAPersistentPeerAlwaysGetsIn() throws Exception {
    try (TestNet net = new TestNet(51)) {
      P2pNode a = net.add(c -> c.maxOutbound(1), n -> {});
      P2pNode first = net.add();
      net.add();
      P2pNode named = net.add();
      net.connect(0, 1);
      assertThatThrownBy(
              () -> a.connect(net.address(2), Optional.empty()).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("too many outbound peers");
      a.addPersistentPeer(net.address(3));
      Await.until("a reaches its persistent peer", () -> a.peers().contains(named.id()));
      assertThat(a.peers()).containsExactlyInAnyOrder(first.id(), named.id());
    }
  }

  @Test
  void theStrangerThatSentNothingUsefulIsEvictedForANewcomer() throws Exception {
    ManualTime time = new ManualTime();
    AtomicInteger delivered = new AtomicInteger();
    try (TestNet net = new TestNet(52).time(time)) {
      P2pNode victim =
          net.add(
              c -> c.maxInbound(2),
              n ->
                  n.onGossip(
                      1,
                      (from, payload) -> {
                        delivered.incrementAndGet();
                        return Validation.ACCEPT;
                      }));
      P2pNode active = net.add();
      P2pNode idle = net.add();
      net.connect(1, 0);
      time.advance(1_000); // the active one came first: by age alone, it would go first
      net.connect(2, 0);

      time.advance(victim.config().idleEvictionMillis());
      active.publish(1, "news".getBytes(UTF_8));
      Await.until("the victim takes the news", () -> delivered.get() == 1);
      P2pNode newcomer = net.add();
      net.connect(3, 0);

      Await.until("the idle stranger is gone", () -> !victim.peers().contains(idle.id()));
      assertThat(victim.peers()).containsExactlyInAnyOrder(active.id(), newcomer.id());
    }
  }

  @Test
  void oneAddressHoldsOnlyItsShareOfTheHandshakeSlots() throws Exception {
    try (TestNet net = new TestNet(53)) {
      net.add(c -> c.maxInboundPerAddress(2, 4).timeouts(60_000, 10_000), n -> {});
      InetAddress host = RawPeer.loopback(0, 7, 2);
      try (RawPeer s1 = RawPeer.open(host, net.address(0));
          RawPeer s2 = RawPeer.open(host, net.address(0))) {
        s1.readFrame(); // both are in the handshake, saying nothing
        s2.readFrame();
        try (RawPeer s3 = RawPeer.open(host, net.address(0))) {
          assertThat(s3.closedWithin(Duration.ofSeconds(10))).as("third one refused").isTrue();
        }
        try (RawPeer other = RawPeer.open(RawPeer.loopback(0, 7, 3), net.address(0))) {
          assertThat(other.readFrame())
              .as("another address gets a hello")
              .hasSize(Handshake.HELLO_BYTES);
        }
      }
    }
  }

  @Test
  void aSubnetIsTheIpv4Slash24OrTheIpv6Slash64() throws Exception {
    assertThat(P2pNode.subnet(InetAddress.getByName("10.1.2.3"))).isEqualTo("10.1.2.0/24");
    assertThat(P2pNode.subnet(InetAddress.getByName("10.1.2.200")))
        .isEqualTo(P2pNode.subnet(InetAddress.getByName("10.1.2.3")));
    assertThat(P2pNode.subnet(InetAddress.getByName("2001:db8:1:2:3:4:5:6")))
        .isEqualTo("20010db800010002/64");
  }

  @Test
  void aBadLimitIsRefusedWithTheSettingsName() {
    assertThatThrownBy(() -> P2pConfig.builder(TestNet.NETWORK).maxInbound(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxInbound must be at least 0, got -1");
    assertThatThrownBy(() -> P2pConfig.builder(TestNet.NETWORK).maxOutbound(-1).build())
        .hasMessage("maxOutbound must be at least 0, got -1");
    assertThatThrownBy(() -> P2pConfig.builder(TestNet.NETWORK).maxInboundPerAddress(0, 16).build())
        .hasMessage("maxInboundPerIp must be at least 1, got 0");
    assertThatThrownBy(() -> P2pConfig.builder(TestNet.NETWORK).maxInboundPerAddress(8, 4).build())
        .hasMessage("maxInboundPerSubnet must be at least 8, got 4");
    assertThatThrownBy(() -> P2pConfig.builder(TestNet.NETWORK).maxHandshakes(0).build())
        .hasMessage("maxHandshakes must be at least 1, got 0");
    assertThatThrownBy(() -> P2pConfig.builder(TestNet.NETWORK).idleEviction(0).build())
        .hasMessage("idleEvictionMillis must be at least 1, got 0");
    P2pConfig d = P2pConfig.defaults(TestNet.NETWORK);
    assertThat(d.toBuilder().build())
        .usingRecursiveComparison()
        .isEqualTo(d); // every new setting survives the copy
    assertThat(
            new int[] {
              d.maxInbound(),
              d.maxOutbound(),
              d.maxInboundPerIp(),
              d.maxInboundPerSubnet(),
              d.maxHandshakes()
            })
        .containsExactly(40, 16, 8, 16, 64);
    assertThat(d.idleEvictionMillis()).isEqualTo(300_000);
  }
}

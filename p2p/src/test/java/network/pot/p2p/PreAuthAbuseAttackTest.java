package network.pot.p2p;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import network.pot.p2p.crypto.Handshake;
import network.pot.p2p.crypto.NodeId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The attack (abuse before authentication): a stranger who has proven no key yet could (a) send one
 * malformed hello and have its whole IP address banned for ten minutes, shutting out every honest
 * node behind the same NAT or on the same host, and (b) announce a frame of several MiB and have
 * the node wait for and buffer it. Now a bad hello closes only that connection, and until the
 * handshake is done a frame may not exceed {@link P2pNode#PRE_AUTH_MAX_FRAME_BYTES}: a larger
 * length prefix closes the connection as soon as it is read. Real sockets on loopback.
 */
@Tag("attack")
@Timeout(60)
class PreAuthAbuseAttackTest {
  @Test
  void aMalformedHelloDoesNotShutOutHonestNodesAtTheSameAddress() throws Exception {
    try (TestNet net = new TestNet(41)) {
      P2pNode victim = net.add();
      try (RawPeer bad = RawPeer.open(RawPeer.loopback(0, 0, 1), net.address(0))) {
        bad.readFrame(); // the victim's hello
        bad.writeFrame("GET / HTTP/1.1\r\n".getBytes(UTF_8));
        assertThat(bad.closedWithin(Duration.ofSeconds(10))).as("bad connection closed").isTrue();
      }
      // an honest node on the same address dials right after
      P2pNode honest = net.add();
      NodeId got =
          honest.connect(net.address(0), Optional.of(victim.id())).get(10, TimeUnit.SECONDS);
      assertThat(got).isEqualTo(victim.id());
      Await.until("the victim keeps the honest node", () -> victim.peers().contains(honest.id()));
    }
  }

  @Test
  void aHugeFrameBeforeTheHelloIsRefusedFromItsLengthPrefix() throws Exception {
    try (TestNet net = new TestNet(42)) {
      // frames as large as a node allows for blocks, and a handshake deadline far away
      net.add(c -> c.maxFrameBytes(16 << 20).timeouts(60_000, 10_000), n -> {});
      try (RawPeer p = RawPeer.open(RawPeer.loopback(0, 0, 1), net.address(0))) {
        assertThat(p.readFrame()).hasSize(Handshake.HELLO_BYTES);
        p.writeRaw(new byte[] {0, (byte) 0x80, 0, 0}); // 8 MiB announced
        p.writeRaw(new byte[1024]); // and only a little of it sent
        assertThat(p.closedWithin(Duration.ofSeconds(5))).as("closed at the header").isTrue();
      }
    }
  }

  @Test
  void aFrameJustOverTheLimitAfterAValidHelloIsRefusedToo() throws Exception {
    try (TestNet net = new TestNet(43)) {
      P2pNode victim = net.add(c -> c.maxFrameBytes(16 << 20).timeouts(60_000, 10_000), n -> {});
      try (RawPeer p = RawPeer.open(RawPeer.loopback(0, 0, 1), net.address(0))) {
        Handshake hs =
            new Handshake(
                TestNet.key(43, 9),
                TestNet.NETWORK,
                Handshake.Role.INITIATOR,
                1,
                Optional.empty(),
                TestNet.random(43, 9));
        p.writeFrame(hs.hello());
        assertThat(hs.onHello(p.readFrame()).failed()).isFalse();
        p.readFrame(); // the victim's auth: it now waits for ours
        int limit = P2pNode.PRE_AUTH_MAX_FRAME_BYTES;
        p.writeRaw(new byte[] {0, 0, (byte) ((limit + 1) >> 8), (byte) (limit + 1)});
        assertThat(p.closedWithin(Duration.ofSeconds(5))).as("closed at the header").isTrue();
      }
      assertThat(victim.peers()).isEmpty();
    }
  }
}

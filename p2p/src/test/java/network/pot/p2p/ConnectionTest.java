package network.pot.p2p;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import network.pot.base.crypto.Sha256;
import network.pot.p2p.crypto.Handshake;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.gossip.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Handshakes and framing between real nodes on loopback. */
@Timeout(60)
class ConnectionTest {
  @Test
  void nodesAuthenticateEachOtherAndExchangeRequests() throws Exception {
    try (TestNet net = new TestNet(1)) {
      P2pNode a = net.add();
      P2pNode b = net.add(c -> c, n -> n.onRequest(7, (from, body) -> Reply.ok(Sha256.of(body))));
      NodeId got = a.connect(net.address(1), Optional.of(b.id())).get(10, TimeUnit.SECONDS);
      assertThat(got).isEqualTo(b.id());
      Await.until("b sees a", () -> b.peers().contains(a.id()));
      Reply r = a.request(b.id(), 7, "abc".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);
      assertThat(r.isOk()).isTrue();
      assertThat(r.body()).isEqualTo(Sha256.of("abc".getBytes(UTF_8)));
      Reply unknown = a.request(b.id(), 8, new byte[0]).get(10, TimeUnit.SECONDS);
      assertThat(unknown.status()).isEqualTo(network.pot.p2p.wire.Message.Status.NOT_FOUND);
      assertThat(a.addressBook().entries()).extracting(e -> e.address()).contains(net.address(1));
    }
  }

  @Test
  void dialingAnAddressThatHoldsAnotherKeyFails() throws Exception {
    try (TestNet net = new TestNet(2)) {
      P2pNode a = net.add();
      net.add();
      NodeId wrong = TestNet.key(99, 0).id();
      assertThatThrownBy(
              () -> a.connect(net.address(1), Optional.of(wrong)).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              HandshakeException.class,
              e -> assertThat(e.failure()).isEqualTo(Handshake.Failure.UNEXPECTED_PEER));
      assertThat(a.peers()).isEmpty();
    }
  }

  @Test
  void nodesOfAnotherNetworkAreRefused() throws Exception {
    try (TestNet net = new TestNet(3)) {
      P2pNode a = net.add();
      net.add(c -> c.networkId(Sha256.of("other".getBytes(UTF_8))), n -> {});
      assertThatThrownBy(
              () -> a.connect(net.address(1), Optional.empty()).get(10, TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              HandshakeException.class,
              e -> assertThat(e.failure()).isEqualTo(Handshake.Failure.WRONG_NETWORK));
    }
  }

  @Test
  void aClientSendingGarbageIsDisconnectedWithoutBanningItsAddress() throws Exception {
    try (TestNet net = new TestNet(4)) {
      P2pNode a = net.add();
      try (Socket s = new Socket(net.address(0).getAddress(), net.address(0).getPort())) {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        // a plausible length prefix followed by bytes that are not a hello
        out.write(new byte[] {0, 0, 0, 16});
        out.write("GET / HTTP/1.1\r\n".getBytes(UTF_8));
        out.flush();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        int total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
          total += n; // our hello arrives first, then the node closes the socket
        }
        assertThat(total).isEqualTo(4 + Handshake.HELLO_BYTES);
      }
      // the sender proved no key: its address may be shared by honest nodes
      // (PreAuthAbuseAttackTest)
      assertThat(a.scores().isBanned("ip:127.0.0.1")).isFalse();
      assertThat(a.peers()).isEmpty();
    }
  }

  @Test
  void anOversizeFrameDisconnectsAndBansThePeer() throws Exception {
    try (TestNet net = new TestNet(5)) {
      P2pNode small =
          net.add(c -> c.maxFrameBytes(64 * 1024), n -> n.onGossip(1, (f, p) -> Validation.ACCEPT));
      P2pNode big = net.add(c -> c.maxFrameBytes(1 << 20), n -> {});
      net.connect(1, 0);
      big.publish(1, new byte[10_000]); // within the limit: fine
      big.publish(1, new byte[200_000]); // over the receiver's limit
      Await.until("small bans big", () -> small.isBanned(big.id()));
      Await.until("connection closed", () -> small.peers().isEmpty() && big.peers().isEmpty());
      // the banned peer cannot come back
      assertThatThrownBy(
              () -> big.connect(net.address(0), Optional.empty()).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
      assertThat(small.peers()).isEmpty();
    }
  }

  @Test
  void aPersistentPeerIsRedialedAfterItDisconnects() throws Exception {
    try (TestNet net = new TestNet(6)) {
      P2pNode a = net.add();
      java.util.concurrent.atomic.AtomicInteger connects =
          new java.util.concurrent.atomic.AtomicInteger();
      P2pNode b = net.add(c -> c, n -> n.addListener(peer -> connects.incrementAndGet()));
      a.addPersistentPeer(net.address(1));
      Await.until("a dials b", () -> connects.get() == 1 && a.peers().contains(b.id()));
      b.disconnect(a.id());
      Await.until("a redials b", () -> connects.get() == 2);
      Await.until(
          "both see the new connection",
          () -> a.peers().contains(b.id()) && b.peers().contains(a.id()));
    }
  }

  @Test
  void aClientThatNeverCompletesTheHandshakeIsDroppedAfterTheTimeout() throws Exception {
    try (TestNet net = new TestNet(7)) {
      net.add(c -> c.timeouts(300, 10_000), n -> {});
      try (Socket s = new Socket(net.address(0).getAddress(), net.address(0).getPort())) {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        assertThat(in.readNBytes(4 + Handshake.HELLO_BYTES)).hasSize(4 + Handshake.HELLO_BYTES);
        assertThat(in.read()).as("closed by the node").isEqualTo(-1);
      }
    }
  }

  @Test
  void unauthenticatedConnectionsAreCappedAndReleased() throws Exception {
    try (TestNet net = new TestNet(8)) {
      P2pNode a = net.add(c -> c.maxHandshakes(2).timeouts(60_000, 10_000), n -> {});
      net.add();
      try (Socket s1 = new Socket(net.address(0).getAddress(), net.address(0).getPort());
          Socket s2 = new Socket(net.address(0).getAddress(), net.address(0).getPort())) {
        s1.getInputStream().readNBytes(4 + Handshake.HELLO_BYTES); // both are in the handshake
        s2.getInputStream().readNBytes(4 + Handshake.HELLO_BYTES);
        try (Socket s3 = new Socket(net.address(0).getAddress(), net.address(0).getPort())) {
          s3.setSoTimeout(10_000);
          assertThat(s3.getInputStream().read()).as("third one refused").isEqualTo(-1);
        }
      }
      // the silent sockets closed: their slots are free again
      Await.until(
          "a real peer gets in",
          () -> {
            try {
              return a.connect(net.address(1), Optional.empty()).get(10, TimeUnit.SECONDS) != null;
            } catch (Exception e) {
              return false;
            }
          });
    }
  }

  @Test
  void aBanExpiresAfterItsPeriod() throws Exception {
    ManualTime time = new ManualTime();
    try (TestNet net = new TestNet(9).time(time)) {
      P2pNode a = net.add(c -> c.ban(60_000, 1.0), n -> {});
      P2pNode b = net.add();
      net.connect(1, 0);
      a.penalize(b.id(), network.pot.p2p.peer.Penalty.GARBAGE);
      Await.until("b dropped", () -> a.peers().isEmpty());
      assertThatThrownBy(
              () -> b.connect(net.address(0), Optional.empty()).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
      time.advance(60_000);
      assertThat(b.connect(net.address(0), Optional.empty()).get(10, TimeUnit.SECONDS))
          .isEqualTo(a.id());
    }
  }
}

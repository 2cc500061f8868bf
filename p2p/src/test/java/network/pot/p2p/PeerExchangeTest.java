package network.pot.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import network.pot.p2p.peer.AddressBook;
import network.pot.p2p.wire.MalformedMessageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PeerExchangeTest {
  @Test
  void aNodeWithOneBootstrapPeerFindsTheRest() throws Exception {
    try (TestNet net = new TestNet(50)) {
      for (int i = 0; i < 4; i++) {
        net.add(c -> c, n -> new PeerExchange(n, 8));
      }
      for (int i = 1; i < 4; i++) {
        net.connect(i, 0); // a hub: nodes 1..3 know only node 0
      }
      P2pNode late = net.add(c -> c, n -> new PeerExchange(n, 8));
      net.connect(4, 0);
      Await.until("the late node knows everyone", () -> late.peers().size() == 4);
      assertThat(late.addressBook().size()).isEqualTo(4);
    }
  }

  @Test
  void peerListsRoundTripAndGarbageIsRejected() throws Exception {
    List<AddressBook.Entry> entries =
        List.of(
            new AddressBook.Entry(TestNet.key(1, 0).id(), TestNet.ipv4Loopback(9)),
            new AddressBook.Entry(TestNet.key(1, 1).id(), TestNet.ipv6Loopback(65535)));
    assertThat(PeerExchange.decode(PeerExchange.encode(entries))).isEqualTo(entries);
    assertThatThrownBy(() -> PeerExchange.decode(new byte[] {0, 1, 2}))
        .isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> PeerExchange.decode(new byte[] {(byte) 0xff, (byte) 0xff}))
        .isInstanceOf(MalformedMessageException.class);
  }
}

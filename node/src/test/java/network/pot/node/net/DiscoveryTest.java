package network.pot.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import network.pot.p2p.crypto.NodeId;
import network.pot.p2p.peer.AddressBook;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
  private static NodeId id(int b) {
    byte[] x = new byte[NodeId.SIZE];
    x[0] = (byte) b;
    return NodeId.of(x);
  }

  private static AddressBook.Entry entry(int b) {
    return new AddressBook.Entry(id(b), new InetSocketAddress("10.0.0." + b, 26656));
  }

  @Test
  void dialsOnlyStrangersNotTriedLatelyLeastRecentlyTriedFirstUpToTheRoom() {
    List<AddressBook.Entry> book = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      book.add(entry(i));
    }
    Map<NodeId, Long> tried = new HashMap<>();
    long now = 1_000_000;
    tried.put(id(2), now - 1_000); // tried a second ago: wait
    tried.put(id(3), now - Discovery.RETRY_MILLIS - 5); // long ago
    tried.put(id(4), now - Discovery.RETRY_MILLIS - 500); // longer ago
    List<AddressBook.Entry> dial =
        Discovery.toDial(
            book,
            Set.of(id(5)), // connected
            id(1), // this node
            n -> n.equals(id(6)), // banned
            tried,
            now,
            3);
    // never tried (7) first, then the longest ago (4), then 3
    assertThat(dial).extracting(AddressBook.Entry::id).containsExactly(id(7), id(4), id(3));
    assertThat(Discovery.toDial(book, Set.of(), id(1), n -> false, tried, now, 0)).isEmpty();
    assertThat(Discovery.toDial(book, Set.of(), id(1), n -> false, Map.of(), now, 100))
        .extracting(AddressBook.Entry::id)
        .containsExactly(id(2), id(3), id(4), id(5), id(6), id(7));
  }
}

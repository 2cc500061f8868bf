package network.pot.p2p.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.p2p.TestNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddressBookTest {
  @Test
  void savesAndLoadsSortedByNodeId(@TempDir Path dir) throws Exception {
    AddressBook book = new AddressBook();
    book.put(TestNet.key(1, 0).id(), TestNet.ipv4Loopback(4001));
    book.put(TestNet.key(1, 1).id(), TestNet.ipv4Loopback(4002));
    Path file = dir.resolve("peers.txt");
    book.save(file);
    AddressBook loaded = AddressBook.load(file);
    assertThat(loaded.entries()).isEqualTo(book.entries());
    assertThat(loaded.entries().get(0).id()).isLessThan(loaded.entries().get(1).id());
  }

  @Test
  void aFullBookTakesNoNewPeerButUpdatesAKnownOne() {
    AddressBook book = new AddressBook();
    for (int i = 0; i < AddressBook.MAX_ENTRIES + 10; i++) {
      book.put(TestNet.key(2, i).id(), TestNet.ipv4Loopback(5000 + i));
    }
    assertThat(book.size()).isEqualTo(AddressBook.MAX_ENTRIES);
    var known = book.entries().get(0).id();
    book.put(known, TestNet.ipv4Loopback(9999));
    assertThat(book.entries().get(0).address().getPort()).isEqualTo(9999);
  }

  @Test
  void aMalformedLineIsAnErrorNamingTheLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("peers.txt");
    Files.writeString(file, TestNet.key(1, 0).id().toHex() + " 127.0.0.1:1\nnot a peer\n");
    assertThatThrownBy(() -> AddressBook.load(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("peers.txt:2");
  }
}

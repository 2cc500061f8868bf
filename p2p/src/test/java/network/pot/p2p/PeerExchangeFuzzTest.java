package network.pot.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import network.pot.base.fuzz.Refusals;
import network.pot.p2p.wire.MalformedMessageException;

/**
 * {@link PeerExchange#decode} on any bytes (a peer's list of addresses): entries that survive
 * encoding and decoding again, or a {@link MalformedMessageException}. (The bytes themselves need
 * not come back: an IPv4-mapped IPv6 address is read as the IPv4 address it maps.)
 */
class PeerExchangeFuzzTest {
  @FuzzTest
  void decode(byte[] input) throws Exception {
    var entries = Refusals.decode(input, PeerExchange::decode, MalformedMessageException.class);
    if (entries.isPresent()) {
      assertThat(PeerExchange.decode(PeerExchange.encode(entries.get()))).isEqualTo(entries.get());
    }
  }
}

package network.pot.p2p.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import javax.crypto.AEADBadTagException;
import network.pot.base.fuzz.Refusals;
import network.pot.p2p.crypto.SessionCipher;

/**
 * A frame of an open connection, as {@code PeerConnection} handles it: the session cipher opens it,
 * then {@link MessageCodec#decode} reads the message. The input goes through both halves: as a
 * forged frame, which the cipher may only refuse with {@link AEADBadTagException}, and sealed by
 * the peer's side as plaintext, which opens to itself and then decodes to a message that encodes to
 * the same bytes, or is refused with a {@link MalformedMessageException}.
 */
class FrameFuzzTest {
  private static final byte[] KEY = new byte[32];

  @FuzzTest
  void decode(byte[] input) throws Exception {
    Refusals.decode(input, new SessionCipher(KEY)::open, AEADBadTagException.class);
    byte[] plain = new SessionCipher(KEY).open(new SessionCipher(KEY).seal(input));
    assertThat(plain).isEqualTo(input);
    Refusals.decode(plain, MessageCodec::decode, MalformedMessageException.class)
        .ifPresent(m -> assertThat(MessageCodec.encode(m)).isEqualTo(plain));
  }
}

package network.pot.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import network.pot.base.codec.DecodeException;
import network.pot.base.fuzz.Refusals;

/**
 * {@link MessageCodec#decode} on any bytes (proposals, votes and sync messages come from any
 * validator): a message that re-encodes to exactly the input, or a {@link DecodeException}.
 */
class ConsensusMessageFuzzTest {
  private static final int MAX_PAYLOAD = 1 << 20;

  @FuzzTest
  void decode(byte[] input) throws Exception {
    Refusals.decode(input, b -> MessageCodec.decode(b, MAX_PAYLOAD), DecodeException.class)
        .ifPresent(m -> assertThat(MessageCodec.encode(m)).isEqualTo(input));
  }
}

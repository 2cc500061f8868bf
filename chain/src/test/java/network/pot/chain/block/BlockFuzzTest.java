package network.pot.chain.block;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import network.pot.base.codec.DecodeException;
import network.pot.base.fuzz.Refusals;

/**
 * {@link Block#decode} on any bytes (blocks arrive in proposals and in block sync): a block that
 * re-encodes to exactly the input, or a {@link DecodeException}.
 */
class BlockFuzzTest {
  @FuzzTest
  void decode(byte[] input) throws Exception {
    Refusals.decode(input, Block::decode, DecodeException.class)
        .ifPresent(block -> assertThat(block.encode()).isEqualTo(input));
  }
}

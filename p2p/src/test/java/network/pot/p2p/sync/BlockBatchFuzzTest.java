package network.pot.p2p.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import network.pot.base.fuzz.Refusals;
import network.pot.p2p.wire.MalformedMessageException;

/**
 * Both wire forms of block sync on any bytes: {@link BlockBatch#decodeRequest} (what a peer asks)
 * and {@link BlockBatch#decodeBlocks} (what it answers). Each gives a value that encodes to exactly
 * the input, or a {@link MalformedMessageException}.
 */
class BlockBatchFuzzTest {
  private static final int MAX_COUNT = 64;

  @FuzzTest
  void decode(byte[] input) throws Exception {
    Refusals.decode(input, BlockBatch::decodeRequest, MalformedMessageException.class)
        .ifPresent(r -> assertThat(BlockBatch.encodeRequest(r[0], (int) r[1])).isEqualTo(input));
    Refusals.decode(
            input, b -> BlockBatch.decodeBlocks(b, MAX_COUNT), MalformedMessageException.class)
        .ifPresent(blocks -> assertThat(BlockBatch.encodeBlocks(blocks)).isEqualTo(input));
  }
}

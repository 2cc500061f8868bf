package network.pot.chain.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import network.pot.base.codec.DecodeException;
import network.pot.base.fuzz.Refusals;

/**
 * {@link StateSnapshot#decode} on any bytes (a joining node gets snapshots from peers): a snapshot
 * whose entries make the root it declares and that re-encodes to exactly the input, or a {@link
 * DecodeException}.
 */
class StateSnapshotFuzzTest {
  @FuzzTest
  void decode(byte[] input) throws Exception {
    Refusals.decode(input, StateSnapshot::decode, DecodeException.class)
        .ifPresent(s -> assertThat(s.encode()).isEqualTo(input));
  }
}

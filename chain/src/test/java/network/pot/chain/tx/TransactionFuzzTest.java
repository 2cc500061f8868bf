package network.pot.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import network.pot.base.codec.DecodeException;
import network.pot.base.fuzz.Refusals;

/**
 * {@link TransactionCodec#decode} on any bytes (transactions come from clients and peers): a
 * transaction that re-encodes to exactly the input, or a {@link DecodeException}. Seeds: one signed
 * transaction of every type.
 */
class TransactionFuzzTest {
  @FuzzTest
  void decode(byte[] input) throws Exception {
    Refusals.decode(input, TransactionCodec::decode, DecodeException.class)
        .ifPresent(tx -> assertThat(tx.encode()).isEqualTo(input));
  }
}

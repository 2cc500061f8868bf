package network.pot.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import network.pot.chain.tx.SignedTransaction;

/**
 * {@link TxGateway#decodeBatch} on any bytes (a peer's gossiped batch of transactions): the
 * transactions of a batch that encodes to exactly the input, or empty; it never throws.
 */
class TxBatchFuzzTest {
  @FuzzTest
  void decodeBatch(byte[] input) {
    TxGateway.decodeBatch(input)
        .map(txs -> txs.stream().map(SignedTransaction::encode).toList())
        .ifPresent(encoded -> assertThat(TxGateway.encodeBatch(encoded)).isEqualTo(input));
  }
}

package network.pot.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import network.pot.base.crypto.KeyPair;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.Payload;
import network.pot.chain.tx.SignedTransaction;
import network.pot.chain.tx.Transaction;
import org.junit.jupiter.api.Test;

/** The gossip form of transaction batches: round trips, and every malformed batch is refused. */
class TxGatewayTest {
  private static List<SignedTransaction> txs(int n) {
    KeyPair k = KeyPair.deterministic("gateway-test", 0);
    List<SignedTransaction> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new Transaction("pot-test", i, 1, new Payload.Transfer(Address.of(k), i + 1)).sign(k));
    }
    return out;
  }

  private static byte[] encode(List<SignedTransaction> txs) {
    return TxGateway.encodeBatch(txs.stream().map(SignedTransaction::encode).toList());
  }

  @Test
  void roundTrips() {
    List<SignedTransaction> t = txs(17);
    assertThat(TxGateway.decodeBatch(encode(t))).contains(t);
  }

  @Test
  void refusesTruncatedExtendedAndMiscountedBatches() {
    byte[] ok = encode(txs(3));
    for (int cut = 0; cut < ok.length; cut++) {
      assertThat(TxGateway.decodeBatch(Arrays.copyOf(ok, cut))).as("cut at %d", cut).isEmpty();
    }
    assertThat(TxGateway.decodeBatch(Arrays.copyOf(ok, ok.length + 1))).isEmpty();
    byte[] miscount = ok.clone();
    ByteBuffer.wrap(miscount).putInt(2);
    assertThat(TxGateway.decodeBatch(miscount)).isEmpty();
    assertThat(TxGateway.decodeBatch(TxGateway.encodeBatch(List.of()))).isEmpty();
    assertThat(TxGateway.decodeBatch(new byte[] {1, 2, 3})).isEmpty();
  }

  @Test
  void randomBytesNeverThrow() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    byte[] ok = encode(txs(2));
    for (int i = 0; i < 2_000; i++) {
      byte[] b = ok.clone();
      b[r.nextInt(b.length)] = (byte) r.nextInt();
      // a flipped byte either still decodes (inside a field) or is refused; never an exception
      assertThat(TxGateway.decodeBatch(b)).as("seed %d", seed).isNotNull();
    }
  }
}

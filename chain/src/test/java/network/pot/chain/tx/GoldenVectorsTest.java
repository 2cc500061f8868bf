package network.pot.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Hash;
import network.pot.chain.block.Block;
import network.pot.chain.crypto.Address;
import network.pot.chain.state.Genesis;
import network.pot.chain.state.Params;
import org.junit.jupiter.api.Test;

/**
 * Reproduces the checked-in golden vectors ({@code golden/vectors.txt}, documented in {@code
 * docs/encoding.md}) bit for bit: one signed transaction of every type, a block and a genesis state
 * root. Regenerate after an intended format change with {@code -Dpot.golden.write=DIR}.
 */
class GoldenVectorsTest {
  static Map<String, String> current() {
    Map<String, String> v = new LinkedHashMap<>();
    Map<String, SignedTransaction> txs = SampleTransactions.all();
    txs.forEach((name, tx) -> v.put("tx." + name, Hex.encode(tx.encode())));
    Block block =
        Block.build(
            SampleTransactions.CHAIN_ID,
            1,
            1_700_000_000_000L,
            Hash.ZERO,
            Hash.sha256(new byte[] {9}),
            Address.of(SampleTransactions.SIGNER),
            Hash.sha256(new byte[] {7}),
            List.of(Address.of(SampleTransactions.SIGNER)),
            List.of(txs.get("transfer"), txs.get("delegate")));
    v.put("block.1", Hex.encode(block.encode()));
    v.put("block.1.hash", block.hash().toHex());
    Genesis g =
        new Genesis(
            SampleTransactions.CHAIN_ID,
            0,
            List.of(new Genesis.Allocation(Address.of(SampleTransactions.SIGNER), 1_000_000)),
            List.of(
                new Genesis.InitialValidator(
                    SampleTransactions.SIGNER.publicKey(),
                    5_000,
                    100,
                    Hash.sha256(new byte[] {8}))),
            Params.DEFAULT);
    v.put("genesis.state_root", g.state().root().toHex());
    return v;
  }

  static Map<String, String> stored() throws IOException {
    Map<String, String> v = new LinkedHashMap<>();
    try (InputStream in = GoldenVectorsTest.class.getResourceAsStream("/golden/vectors.txt")) {
      assertThat(in).as("golden/vectors.txt on the test classpath").isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] kv = line.trim().split(" ", 2);
          v.put(kv[0], kv[1]);
        }
      }
    }
    return v;
  }

  @Test
  void encodingsMatchTheGoldenVectors() throws IOException {
    Map<String, String> now = current();
    String dir = System.getProperty("pot.golden.write");
    if (dir != null) {
      StringBuilder sb = new StringBuilder("# name hex (see docs/encoding.md)\n");
      now.forEach((k, val) -> sb.append(k).append(' ').append(val).append('\n'));
      Files.writeString(Path.of(dir, "vectors.txt"), sb.toString());
    }
    assertThat(now).containsExactlyEntriesOf(stored());
  }

  @Test
  void everyGoldenTransactionDecodesAndReencodesToItself() throws Exception {
    for (Map.Entry<String, String> e : stored().entrySet()) {
      if (e.getKey().startsWith("tx.")) {
        byte[] bytes = Hex.decode(e.getValue());
        SignedTransaction tx = TransactionCodec.decode(bytes);
        assertThat(tx.encode()).as(e.getKey()).isEqualTo(bytes);
        assertThat(tx.verifySignature()).as(e.getKey()).isTrue();
      }
    }
    byte[] block = Hex.decode(stored().get("block.1"));
    assertThat(Block.decode(block).encode()).isEqualTo(block);
    assertThat(Block.decode(block).hash().toHex()).isEqualTo(stored().get("block.1.hash"));
  }
}

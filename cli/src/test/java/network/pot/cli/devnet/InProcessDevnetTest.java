package network.pot.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import network.pot.rpc.RpcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Four validators in one JVM, talking over loopback sockets, finalize the same chain. */
@Timeout(180)
class InProcessDevnetTest {
  @TempDir Path dir;

  @Test
  void fourInProcessValidatorsFinalizeTheSameBlocks() throws Exception {
    DevnetLayout layout =
        DevnetLayout.create(dir, 4, 0, List.of(DevnetTest.SMALL), DevnetLayout.params());
    Devnet.Options o =
        new Devnet.Options(dir, 4, 0, DevnetTest.SMALL, false, 0, 20, 10, 2, 0, true);
    try (Devnet net = new Devnet(o, layout, new PrintStream(OutputStream.nullOutputStream()))) {
      net.start();
      assertThat(net.processes()).isEmpty();
      net.awaitHeight(3, 120_000);
      Set<String> hashes = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        hashes.add(
            net.rpc(i)
                .call("pot_getBlock", RpcClient.params().put("height", 3))
                .path("hash")
                .asText());
      }
      assertThat(hashes).as("block 3 on every node").hasSize(1);
      assertThatThrownBy(() -> net.kill(0))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("one process per node");
    }
  }
}

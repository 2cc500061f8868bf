package network.pot.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code [rpc]} table: defaults, values, and errors that name the key. */
class RpcConfigTest {
  @TempDir Path dir;

  private RpcConfig read(String toml) throws IOException {
    Path f = dir.resolve("node.toml");
    Files.writeString(f, toml);
    return RpcConfig.read(f);
  }

  @Test
  void defaultsWhenTheTableSaysNothing() throws Exception {
    RpcConfig c = read("data_dir = \"data\"\n[rpc]\nlisten = \"127.0.0.1:8545\"\n");
    assertThat(c.rateLimitPerSecond()).isEqualTo(50);
    assertThat(c.rateLimitBurst()).isEqualTo(200);
    assertThat(c.rateLimitLoopback()).isFalse();
    assertThat(c.maxTaskSpecBytes()).isEqualTo(1 << 20);
    assertThat(c.maxPendingTaskSpecBytes()).isEqualTo(16L << 20);
    assertThat(c.pendingTaskSpecBlocks()).isEqualTo(3600);
  }

  @Test
  void readsEveryKey() throws Exception {
    RpcConfig c =
        read(
            """
            [rpc]
            rate_limit_per_second = 7
            rate_limit_burst = 9
            rate_limit_loopback = true
            max_task_spec_bytes = 1000
            max_pending_task_spec_bytes = 5000
            pending_task_spec_blocks = 12
            """);
    assertThat(c.rateLimitPerSecond()).isEqualTo(7);
    assertThat(c.rateLimitBurst()).isEqualTo(9);
    assertThat(c.rateLimitLoopback()).isTrue();
    assertThat(c.maxTaskSpecBytes()).isEqualTo(1000);
    assertThat(c.maxPendingTaskSpecBytes()).isEqualTo(5000);
    assertThat(c.pendingTaskSpecBlocks()).isEqualTo(12);
  }

  @Test
  void aBadValueOrAnUnknownKeyIsAnErrorNamingIt() {
    assertThatThrownBy(() -> read("[rpc]\nrate_limit_per_second = 0\n"))
        .hasMessageContaining("rpc.rate_limit_per_second must be positive");
    assertThatThrownBy(() -> read("[rpc]\nrate_limit_burst = \"lots\"\n"))
        .hasMessageContaining("rpc.rate_limit_burst must be an integer");
    assertThatThrownBy(() -> read("[rpc]\nrate_limit_loopback = 1\n"))
        .hasMessageContaining("rpc.rate_limit_loopback must be true or false");
    assertThatThrownBy(() -> read("[rpc]\nmax_task_spec_bytes = 2000000\n"))
        .hasMessageContaining("rpc.max_task_spec_bytes must be at most 1048576");
    assertThatThrownBy(() -> read("[rpc]\nmax_pending_task_spec_bytes = 10\n"))
        .hasMessageContaining("must be at least rpc.max_task_spec_bytes");
    assertThatThrownBy(() -> read("[rpc]\nrate_limit = 5\n"))
        .hasMessageContaining("unknown key 'rpc.rate_limit'");
  }
}

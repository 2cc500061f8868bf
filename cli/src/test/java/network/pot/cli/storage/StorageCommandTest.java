package network.pot.cli.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.cli.CliRun;
import network.pot.cli.devnet.DevnetLayout;
import network.pot.node.NodeConfig;
import network.pot.node.storage.ArtifactIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pot storage} on a stopped node's home: status, pin, unpin and gc agree. */
class StorageCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void statusPinAndGcOnAStoppedNode(@TempDir Path dir) throws Exception {
    DevnetLayout layout = DevnetLayout.create(dir, 1, 0, List.of(), DevnetLayout.params());
    Path config = layout.config(layout.nodes().get(0));
    Path artifacts = NodeConfig.read(config).dataDir().resolve("artifacts");
    Hash stray = Hash.sha256("stray".getBytes(StandardCharsets.UTF_8));
    ArtifactIndex.open(artifacts)
        .put(stray.toArray(), new ByteArrayInputStream(new byte[1000]), 256);
    // a stray is kept by default ("other" = forever); make it collectable
    Files.writeString(
        config, Files.readString(config) + "\n[storage.retention]\nother = \"needed\"\n");

    JsonNode status = json("storage", "status", "--config", config.toString(), "--json");
    assertThat(status.path("bytes_by_kind").path("other").asLong()).isEqualTo(1000);
    assertThat(status.path("reclaimable_bytes").asLong()).isEqualTo(1000);

    assertThat(
            json("storage", "pin", stray.toHex(), "--config", config.toString(), "--json")
                .path("changed")
                .asBoolean())
        .isTrue();
    JsonNode pinned = json("storage", "gc", "--config", config.toString(), "--json");
    assertThat(pinned.path("pinned_bytes").asLong()).isEqualTo(1000);
    assertThat(pinned.path("removed_artifacts").asInt()).isZero();

    json("storage", "unpin", stray.toHex(), "--config", config.toString(), "--json");
    JsonNode dry = json("storage", "gc", "--dry-run", "--config", config.toString(), "--json");
    assertThat(dry.path("reclaimable_artifacts").asInt()).isEqualTo(1);
    assertThat(dry.path("removed_artifacts").asInt()).isZero();
    JsonNode gc = json("storage", "gc", "--config", config.toString(), "--json");
    assertThat(gc.path("removed_bytes").asLong()).isEqualTo(1000);
    assertThat(
            json("storage", "status", "--config", config.toString(), "--json")
                .path("total_bytes")
                .asLong())
        .isZero();
  }

  private static JsonNode json(String... args) throws Exception {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return JSON.readTree(r.lastLine());
  }
}

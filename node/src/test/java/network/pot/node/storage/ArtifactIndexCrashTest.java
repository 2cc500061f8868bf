package network.pot.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import network.pot.base.crypto.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection stopped at every step it takes, as a crash would stop it: after reopening,
 * every key still named has its content, whole and readable; what was to go is gone or still whole,
 * and a second run finishes the job leaving no content that nothing names.
 */
class ArtifactIndexCrashTest {
  private static final class Crash extends IOException {
    private static final long serialVersionUID = 1L;

    Crash(String step) {
      super("crash at " + step);
    }
  }

  /** Eight keys; keys 6 and 7 name the same content as keys 0 and 1. */
  private static Map<Hash, byte[]> fill(ArtifactIndex index) throws IOException {
    Map<Hash, byte[]> all = new HashMap<>();
    for (int i = 0; i < 8; i++) {
      byte[] content =
          ("artifact " + (i % 6) + " ").repeat(100 + i % 6).getBytes(StandardCharsets.UTF_8);
      Hash key = Hash.sha256(("key " + i).getBytes(StandardCharsets.UTF_8));
      index.put(key.toArray(), new ByteArrayInputStream(content), 64);
      all.put(key, content);
    }
    return all;
  }

  private static void assertNamedContentIsWhole(ArtifactIndex index, Map<Hash, byte[]> all)
      throws IOException {
    for (Hash k : index.sizes().keySet()) {
      Path f = index.file(k.toArray()).orElseThrow();
      assertThat(Files.readAllBytes(f)).isEqualTo(all.get(k));
    }
  }

  @Test
  void aCrashAtAnyStepLeavesEveryNamedArtifactWhole(@TempDir Path tmp) throws IOException {
    for (int stopAt = 0; ; stopAt++) {
      Path dir = tmp.resolve("run" + stopAt);
      Map<Hash, byte[]> all = fill(ArtifactIndex.open(dir));
      List<Hash> keys = new ArrayList<>(all.keySet());
      keys.sort(null);
      List<Hash> doomed = keys.subList(0, 5);
      AtomicInteger steps = new AtomicInteger();
      int stop = stopAt;
      ArtifactIndex crashing =
          ArtifactIndex.open(
              dir,
              step -> {
                if (steps.getAndIncrement() == stop) {
                  throw new Crash(step);
                }
              });
      boolean crashed;
      try {
        crashing.remove(doomed);
        crashed = false;
      } catch (Crash c) {
        crashed = true;
      }

      ArtifactIndex reopened = ArtifactIndex.open(dir);
      assertNamedContentIsWhole(reopened, all);
      assertThat(reopened.sizes().keySet()).containsAll(keys.subList(5, 8));
      reopened.remove(doomed);
      assertThat(reopened.sizes().keySet()).containsExactlyInAnyOrderElementsOf(keys.subList(5, 8));
      assertNamedContentIsWhole(reopened, all);
      try (var files = Files.list(dir.resolve("blobs").resolve("blobs"))) {
        long blobFiles = files.filter(f -> f.toString().endsWith(".blob")).count();
        assertThat(blobFiles).isEqualTo(distinctContent(reopened, all));
      }
      if (!crashed) {
        assertThat(stopAt).isGreaterThan(5); // five un-names, a barrier, some deletions
        return;
      }
    }
  }

  private static long distinctContent(ArtifactIndex index, Map<Hash, byte[]> all)
      throws IOException {
    return index.sizes().keySet().stream()
        .map(k -> new String(all.get(k), StandardCharsets.UTF_8))
        .distinct()
        .count();
  }

  @Test
  void contentRemovedMeanwhileIsNotNamed(@TempDir Path tmp) throws IOException {
    ArtifactIndex index = ArtifactIndex.open(tmp);
    Map<Hash, byte[]> all = fill(index);
    Hash k = all.keySet().iterator().next();
    var id = index.resolve(k.toArray()).orElseThrow();
    index.remove(List.of(k));
    Hash other = Hash.sha256("late".getBytes(StandardCharsets.UTF_8));
    // a fetch that completed before the removal names its content only if it is still there
    if (index.resolve(k.toArray()).isEmpty() && !index.store().has(id)) {
      assertThat(index.name(other.toArray(), id)).isFalse();
      assertThat(index.resolve(other.toArray())).isEmpty();
    }
    assertThatThrownBy(() -> index.file(k.toArray()).orElseThrow())
        .isInstanceOf(java.util.NoSuchElementException.class);
  }
}

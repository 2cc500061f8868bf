package network.pot.p2p.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import network.pot.p2p.wire.MalformedMessageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryBlobStoreTest {
  private static final int CHUNK = 64 * 1024;
  private final byte[] content = Blobs.random(30, 10 * CHUNK + 123);

  @Test
  void storesContentByIdAndServesVerifiedChunks(@TempDir Path dir) throws Exception {
    DirectoryBlobStore store = new DirectoryBlobStore(dir);
    ContentId id = store.put(new ByteArrayInputStream(content), CHUNK);
    assertThat(store.has(id)).isTrue();
    BlobManifest m = store.manifest(id).orElseThrow();
    assertThat(m.id()).isEqualTo(id);
    assertThat(m.chunkCount()).isEqualTo(11);
    assertThat(m.size()).isEqualTo(content.length);
    byte[] last = store.readChunk(id, 10).orElseThrow();
    assertThat(last).hasSize(123);
    assertThat(m.chunkMatches(10, last)).isTrue();
    assertThat(store.readChunk(id, 11)).isEmpty();
    assertThat(Files.readAllBytes(store.path(id).orElseThrow())).isEqualTo(content);
    // the same content gets the same id; a reopened store still has it
    assertThat(new DirectoryBlobStore(dir).put(new ByteArrayInputStream(content), CHUNK))
        .isEqualTo(id);
    assertThat(new DirectoryBlobStore(dir).has(id)).isTrue();
  }

  @Test
  void aDeletedBlobIsGoneAndCanBeStoredAgain(@TempDir Path dir) throws Exception {
    DirectoryBlobStore store = new DirectoryBlobStore(dir);
    ContentId id = store.put(new ByteArrayInputStream(content), CHUNK);
    store.delete(id);
    assertThat(store.has(id)).isFalse();
    assertThat(store.manifest(id)).isEmpty();
    assertThat(store.path(id)).isEmpty();
    store.delete(id); // absent: nothing happens
    assertThat(store.put(new ByteArrayInputStream(content), CHUNK)).isEqualTo(id);
    assertThat(Files.readAllBytes(store.path(id).orElseThrow())).isEqualTo(content);
  }

  @Test
  void aDownloadRejectsCorruptChunksAndResumesAfterARestart(@TempDir Path dir) throws Exception {
    DirectoryBlobStore source = new DirectoryBlobStore(dir.resolve("a"));
    ContentId id = source.put(new ByteArrayInputStream(content), CHUNK);
    BlobManifest m = source.manifest(id).orElseThrow();

    DirectoryBlobStore target = new DirectoryBlobStore(dir.resolve("b"));
    try (BlobStore.Download d = target.beginDownload(m)) {
      byte[] bad = source.readChunk(id, 0).orElseThrow();
      bad[17] ^= 0x40;
      assertThat(d.writeChunk(0, bad)).isFalse();
      assertThat(d.writeChunk(0, Arrays.copyOf(bad, 10))).isFalse();
      for (int i = 0; i < 6; i++) {
        assertThat(d.writeChunk(i, source.readChunk(id, i).orElseThrow())).isTrue();
      }
      assertThatThrownBy(d::complete).hasMessageContaining("missing 5 chunks");
    }
    assertThat(target.has(id)).isFalse();
    DirectoryBlobStore restarted = new DirectoryBlobStore(dir.resolve("b"));
    try (BlobStore.Download d = restarted.beginDownload(m)) {
      assertThat(d.missing()).isEqualTo(List.of(6, 7, 8, 9, 10));
      for (int i : d.missing()) {
        d.writeChunk(i, source.readChunk(id, i).orElseThrow());
      }
      assertThat(d.complete()).isEqualTo(id);
    }
    assertThat(Files.readAllBytes(restarted.path(id).orElseThrow())).isEqualTo(content);
  }

  @Test
  void manifestsAreCanonicalAndMalformedOnesAreRejected(@TempDir Path dir) throws Exception {
    DirectoryBlobStore store = new DirectoryBlobStore(dir);
    BlobManifest m =
        store.manifest(store.put(new ByteArrayInputStream(content), CHUNK)).orElseThrow();
    assertThat(BlobManifest.decode(m.encode())).isEqualTo(m);
    byte[] edited = m.encode();
    edited[edited.length - 1] ^= 1; // one chunk hash changed: another blob
    assertThat(BlobManifest.decode(edited).id()).isNotEqualTo(m.id());
    assertThatThrownBy(() -> BlobManifest.decode(Arrays.copyOf(m.encode(), 60)))
        .isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> BlobManifest.decode(new byte[] {9}))
        .isInstanceOf(MalformedMessageException.class);
    ContentId empty = store.put(new ByteArrayInputStream(new byte[0]), CHUNK);
    assertThat(store.manifest(empty).orElseThrow().chunkCount()).isZero();
  }
}

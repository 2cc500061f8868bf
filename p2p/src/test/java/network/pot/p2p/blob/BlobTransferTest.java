package network.pot.p2p.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import network.pot.base.crypto.Sha256;
import network.pot.p2p.P2pNode;
import network.pot.p2p.TestNet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Blob transfer between real nodes on loopback. */
@Timeout(90)
class BlobTransferTest {
  private final List<BlobService> services = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void closeServices() {
    services.forEach(BlobService::close);
  }

  private BlobService service(TestNet net, BlobStore store) throws IOException {
    BlobService[] s = new BlobService[1];
    net.add(c -> c, n -> s[0] = new BlobService(n, store, 8));
    services.add(s[0]);
    return s[0];
  }

  /** Node 0 serves {@code source}, node 1 fetches into {@code target}; node 1's service. */
  private BlobService connected(TestNet net, BlobStore source, BlobStore target) throws Exception {
    service(net, source);
    BlobService fetcher = service(net, target);
    net.connect(1, 0);
    return fetcher;
  }

  @Test
  void aMultiMegabyteBlobArrivesIntactDespiteAPeerServingCorruptChunks() throws Exception {
    byte[] content = Blobs.random(40, 12 * 1024 * 1024 + 7);
    DirectoryBlobStore honestStore = new DirectoryBlobStore(dir.resolve("honest"));
    DirectoryBlobStore evilBacking = new DirectoryBlobStore(dir.resolve("evil"));
    ContentId id = honestStore.put(new ByteArrayInputStream(content), BlobManifest.DEFAULT_CHUNK);
    assertThat(evilBacking.put(new ByteArrayInputStream(content), BlobManifest.DEFAULT_CHUNK))
        .isEqualTo(id);
    DirectoryBlobStore fetcherStore = new DirectoryBlobStore(dir.resolve("fetcher"));
    try (TestNet net = new TestNet(40)) {
      service(net, honestStore);
      service(net, new CorruptingStore(evilBacking));
      BlobService fetcher = service(net, fetcherStore);
      net.connect(2, 0);
      net.connect(2, 1);
      P2pNode me = net.node(2);
      // the corrupting peer is asked first and gets chunk requests round-robin
      ContentId got =
          fetcher.fetch(id, List.of(net.node(1).id(), net.node(0).id())).get(60, TimeUnit.SECONDS);
      assertThat(got).isEqualTo(id);
      byte[] fetched = Files.readAllBytes(fetcherStore.path(id).orElseThrow());
      assertThat(Sha256.of(fetched)).isEqualTo(Sha256.of(content));
      assertThat(me.scores().score("node:" + net.node(1).id().toHex())).isNegative();
      assertThat(me.scores().score("node:" + net.node(0).id().toHex())).isZero();
    }
  }

  @Test
  void aBlobNoPeerHasFailsCleanly() throws Exception {
    try (TestNet net = new TestNet(41)) {
      service(net, new DirectoryBlobStore(dir.resolve("a")));
      BlobService fetcher = service(net, new DirectoryBlobStore(dir.resolve("b")));
      net.connect(1, 0);
      ContentId unknown = ContentId.of(Sha256.of("nothing".getBytes(UTF_8)));
      assertThatThrownBy(() -> fetcher.fetch(unknown, List.of()).get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(IOException.class);
    }
  }

  @Test
  void aBlobLargerThanTheCallerAllowsIsRefusedBeforeAnyChunkIsStored() throws Exception {
    byte[] content = Blobs.random(42, 3 * BlobManifest.DEFAULT_CHUNK);
    DirectoryBlobStore source = new DirectoryBlobStore(dir.resolve("src"));
    ContentId id = source.put(new ByteArrayInputStream(content), BlobManifest.DEFAULT_CHUNK);
    DirectoryBlobStore fetcherStore = new DirectoryBlobStore(dir.resolve("dst"));
    try (TestNet net = new TestNet(42)) {
      BlobService fetcher = connected(net, source, fetcherStore);
      assertThatThrownBy(
              () -> fetcher.fetch(id, List.of(), content.length - 1).get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(IOException.class)
          .hasMessageContaining("more than the " + (content.length - 1) + " allowed");
      assertThat(fetcherStore.has(id)).isFalse();
      assertThat(fetcher.fetch(id, List.of(), content.length).get(30, TimeUnit.SECONDS))
          .isEqualTo(id);
    }
  }

  @Test
  void aCancelledDownloadStopsAndALaterFetchCompletesIt() throws Exception {
    byte[] content = Blobs.random(43, 16 * BlobManifest.DEFAULT_CHUNK + 5);
    DirectoryBlobStore source = new DirectoryBlobStore(dir.resolve("src"));
    ContentId id = source.put(new ByteArrayInputStream(content), BlobManifest.DEFAULT_CHUNK);
    DirectoryBlobStore fetcherStore = new DirectoryBlobStore(dir.resolve("dst"));
    try (TestNet net = new TestNet(43)) {
      BlobService fetcher = connected(net, source, fetcherStore);
      CompletableFuture<ContentId> first = fetcher.fetch(id, List.of());
      first.cancel(false);
      assertThat(first).isCancelled();
      assertThat(fetcher.fetch(id, List.of()).get(30, TimeUnit.SECONDS)).isEqualTo(id);
      byte[] fetched = Files.readAllBytes(fetcherStore.path(id).orElseThrow());
      assertThat(Sha256.of(fetched)).isEqualTo(Sha256.of(content));
    }
  }
}

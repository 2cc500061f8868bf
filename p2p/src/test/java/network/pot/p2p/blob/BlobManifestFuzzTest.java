package network.pot.p2p.blob;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import network.pot.base.fuzz.Refusals;
import network.pot.p2p.wire.MalformedMessageException;

/**
 * {@link BlobManifest#decode} on any bytes (a peer serves the manifest of a blob we fetch): a
 * manifest that encodes to exactly the input, whose chunks each hold 1 to chunk-size bytes, or a
 * {@link MalformedMessageException}.
 */
class BlobManifestFuzzTest {
  @FuzzTest
  void decode(byte[] input) throws Exception {
    BlobManifest m =
        Refusals.decode(input, BlobManifest::decode, MalformedMessageException.class).orElse(null);
    if (m != null) {
      assertThat(m.encode()).isEqualTo(input);
      for (int i = 0; i < m.chunkCount(); i++) {
        assertThat(m.chunkLength(i)).isBetween(1, m.chunkSize());
      }
    }
  }
}

package network.pot.proof;

import java.io.IOException;
import java.util.Optional;

/**
 * Where a verifier fetches checkpoint blobs by content address (a state hash). A directory now, the
 * network's blob transfer later. The source is untrusted: the verifier checks every blob it gets.
 */
public interface BlobSource {
  /** The blob stored under {@code id}, or empty when the source does not have it. */
  Optional<byte[]> fetch(byte[] id) throws IOException;

  /**
   * Like {@link #fetch(byte[])} for a caller that knows how large a genuine blob can be: a source
   * may stop reading after {@code maxBytes + 1} bytes, so that an oversized blob costs no more
   * memory than that. The caller checks the length it gets.
   */
  default Optional<byte[]> fetch(byte[] id, int maxBytes) throws IOException {
    return fetch(id);
  }
}

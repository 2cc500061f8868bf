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
}

package network.pot.node.api;

import java.io.IOException;
import java.util.Optional;

/**
 * A node's proof-of-training artifacts (task specs, checkpoints, transcripts, dataset bundles),
 * each under the 32-byte key the protocol names it by. What is put here is served to peers; what is
 * fetched may come from a peer and is unchecked until the caller checks it against its key.
 */
public interface ArtifactStore {
  /** Stores {@code content} under {@code key} (once) and makes it available to peers. */
  void put(byte[] key, byte[] content) throws IOException;

  /** Whether this node holds the artifact. */
  boolean has(byte[] key);

  /** The artifact, from this node or else from the first connected peer that has it. */
  Optional<byte[]> fetch(byte[] key) throws IOException;
}

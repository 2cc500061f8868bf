package network.pot.node.api;

import java.io.IOException;
import java.util.Optional;

/**
 * A node's proof-of-training artifacts (task specs, checkpoints, transcripts, dataset bundles),
 * each under the 32-byte key the protocol names it by. What is put here is served to peers; what is
 * fetched from a peer is bounded by the caller's size limit and checked against its key before it
 * is returned, kept or served on.
 */
public interface ArtifactStore {
  /** Decides whether content is the artifact its key names (it hashes to it, it names it). */
  @FunctionalInterface
  interface Check {
    boolean matches(byte[] content);
  }

  /** Stores {@code content} under {@code key} (once) and makes it available to peers. */
  void put(byte[] key, byte[] content) throws IOException;

  /** Whether this node holds the artifact. */
  boolean has(byte[] key);

  /**
   * The artifact under {@code key}: this node's copy, or else the first copy a connected peer
   * supplies that is at most {@code maxBytes} long and that {@code check} accepts. A peer whose
   * copy is refused is passed over for the next one; one whose copy is not what the key names is
   * banned. Empty when no peer supplied an acceptable copy.
   */
  Optional<byte[]> fetch(byte[] key, int maxBytes, Check check) throws IOException;
}

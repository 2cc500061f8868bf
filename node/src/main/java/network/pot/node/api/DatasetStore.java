package network.pot.node.api;

import java.io.IOException;
import network.pot.base.crypto.Hash;

/**
 * The datasets a node holds, serves to peers and trains on, by content hash (the id a dataset is
 * registered under on chain), and the way a client hands it a new one: the dataset's bundle (see
 * {@code network.pot.proof.DataBundle}), uploaded in order in chunks. The node keeps the chunks
 * aside until the last one, then checks that the whole bundle hashes to the id and is well formed
 * before it holds and serves the dataset; a bundle that fails the check is dropped.
 */
public interface DatasetStore {
  /** Whether this node holds the dataset. */
  boolean has(Hash id);

  /** The largest bundle this node accepts. */
  long maxBundleBytes();

  /**
   * Takes the bytes at {@code offset} of the bundle of dataset {@code id}, {@code size} bytes in
   * all. Offsets follow each other from 0; offset 0 starts the upload over. When the dataset is
   * held already, nothing is written and the answer says so at once.
   *
   * @throws IllegalArgumentException when the upload is refused: a size out of bounds, a chunk out
   *     of order or past the end, or a complete bundle that is not the dataset {@code id}
   * @throws IOException when the node cannot write what it received
   */
  Upload receive(Hash id, long size, long offset, byte[] chunk) throws IOException;

  /** How far an upload is: bytes received so far, and whether the node now holds the dataset. */
  record Upload(long received, boolean held) {}
}

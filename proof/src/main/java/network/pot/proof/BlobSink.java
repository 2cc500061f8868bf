package network.pot.proof;

import java.io.IOException;

/** Where a prover stores checkpoint blobs under their content address. */
public interface BlobSink {
  /** Stores {@code blob} under {@code id}; storing the same blob twice is harmless. */
  void put(byte[] id, byte[] blob) throws IOException;
}

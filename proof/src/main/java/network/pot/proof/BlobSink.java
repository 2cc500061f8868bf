package network.pot.proof;

import java.io.IOException;

/** Where a prover stores checkpoint blobs under their content address. */
public interface BlobSink {
  /**
   * Stores {@code blob} under {@code id}; storing the same blob twice is harmless. The sink must
   * not keep {@code blob} after returning: the caller reuses the array for a later checkpoint.
   */
  void put(byte[] id, byte[] blob) throws IOException;

  /**
   * Makes every blob stored so far durable (a crash after this returns loses none of them). A
   * prover calls it once, before it returns a commitment; sinks that are durable per put, or that
   * promise nothing across crashes, need not override it.
   */
  default void flush() throws IOException {}
}

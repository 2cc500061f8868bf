package network.pot.p2p.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Content-addressed storage for blobs (datasets, checkpoints, models). Complete blobs only: a blob
 * is visible once every chunk is present and the whole content matches its hash.
 */
public interface BlobStore {
  /** Whether the complete blob is stored. */
  boolean has(ContentId id);

  Optional<BlobManifest> manifest(ContentId id);

  /** Chunk {@code index} of a stored blob, or empty if the blob or chunk is absent. */
  Optional<byte[]> readChunk(ContentId id, int index) throws IOException;

  /** The stored blob's file, for reading it whole. */
  Optional<Path> path(ContentId id);

  /** Stores local content (chunked with {@code chunkSize}); returns its id. */
  ContentId put(InputStream content, int chunkSize) throws IOException;

  /**
   * Removes a stored blob (content that turned out not to be what it was fetched for); nothing
   * happens when it is absent.
   */
  void delete(ContentId id) throws IOException;

  /** Starts (or resumes) receiving the blob described by {@code manifest}. */
  Download beginDownload(BlobManifest manifest) throws IOException;

  /** A blob being received chunk by chunk, in any order. */
  interface Download extends AutoCloseable {
    /** Chunks still missing, ascending. */
    java.util.List<Integer> missing();

    /** Stores chunk {@code index} if it matches the manifest; false (nothing written) if not. */
    boolean writeChunk(int index, byte[] data) throws IOException;

    /** Verifies the whole content and makes the blob visible; fails if chunks are missing. */
    ContentId complete() throws IOException;

    @Override
    void close() throws IOException;
  }
}

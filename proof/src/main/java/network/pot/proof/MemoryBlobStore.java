package network.pot.proof;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import network.pot.base.bytes.Hex;

/** Blobs in memory: the twin of {@link ProofDirectory} for tests and in-process tools. */
public final class MemoryBlobStore implements BlobSource, BlobSink {
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

  @Override
  public void put(byte[] id, byte[] blob) {
    blobs.put(Hex.encode(id), blob.clone());
  }

  @Override
  public Optional<byte[]> fetch(byte[] id) {
    byte[] b = blobs.get(Hex.encode(id));
    return b == null ? Optional.empty() : Optional.of(b.clone());
  }
}

package network.pot.consensus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link BlockStore} held in memory. */
public final class MemoryBlockStore implements BlockStore {
  private final List<ConsensusBlock> blocks = new ArrayList<>();
  private final List<CommitCertificate> certificates = new ArrayList<>();

  @Override
  public long lastHeight() {
    return blocks.size();
  }

  @Override
  public Optional<ConsensusBlock> block(long height) {
    return height >= 1 && height <= blocks.size()
        ? Optional.of(blocks.get((int) height - 1))
        : Optional.empty();
  }

  @Override
  public Optional<CommitCertificate> certificate(long height) {
    return height >= 1 && height <= certificates.size()
        ? Optional.of(certificates.get((int) height - 1))
        : Optional.empty();
  }

  @Override
  public void append(ConsensusBlock block, CommitCertificate certificate) {
    if (block.height() != blocks.size() + 1) {
      throw new IllegalStateException(
          "expected height " + (blocks.size() + 1) + ", got " + block.height());
    }
    blocks.add(block);
    certificates.add(certificate);
  }
}

package network.pot.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import network.pot.base.crypto.Hash;
import network.pot.chain.store.RocksDbKeyValueStorage;
import network.pot.consensus.CommitCertificate;
import network.pot.consensus.ConsensusBlock;
import network.pot.consensus.MessageCodec;
import network.pot.consensus.SyncResponse;
import network.pot.node.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning the consensus log: old blocks go, the first block of every epoch stays where light
 * clients are served from, the last block and where the log started stay, and all of it survives a
 * reopen.
 */
class NodeBlockStorePruningTest {
  @TempDir Path dir;

  private static SyncResponse entry(long h, Hash parent) {
    ConsensusBlock b = new ConsensusBlock(h, parent, null, List.of(), new byte[] {(byte) h});
    return new SyncResponse(b, new CommitCertificate(h, 0, b.hash(), List.of()));
  }

  @Test
  void pruningKeepsEpochBlocksAndTheHeadAndSurvivesAReopen() {
    long epoch = 4;
    Hash parent = Hash.ZERO;
    byte[][] stored = new byte[21][];
    try (NodeBlockStore log =
        new NodeBlockStore(RocksDbKeyValueStorage.open(dir), Node.MAX_PAYLOAD_BYTES)) {
      for (long h = 1; h <= 20; h++) {
        SyncResponse e = entry(h, parent);
        log.append(e.block(), e.certificate());
        stored[(int) h] = MessageCodec.encode(e);
        parent = e.block().hash();
      }
      long pruned = 0;
      for (long n; (n = log.prune(15, epoch, 4)) > 0; ) {
        pruned += n;
      }
      assertThat(pruned).isEqualTo(14);
      assertThat(log.prune(100, epoch, 100)).as("up to the last block, never it").isEqualTo(5);
    }
    try (NodeBlockStore log =
        new NodeBlockStore(RocksDbKeyValueStorage.open(dir), Node.MAX_PAYLOAD_BYTES)) {
      assertThat(log.prunedBelow()).isEqualTo(20);
      assertThat(log.firstHeight()).as("where the log started").isEqualTo(1);
      assertThat(log.lastHeight()).isEqualTo(20);
      assertThat(log.entry(20)).isPresent();
      for (long h = 1; h < 20; h++) {
        assertThat(log.entry(h)).as("block %d", h).isEmpty();
        assertThat(log.raw(h)).isEmpty();
        if ((h - 1) % epoch == 0) {
          assertThat(log.epochBlock(h)).as("epoch block %d", h).contains(stored[(int) h]);
        } else {
          assertThat(log.epochBlock(h)).as("block %d", h).isEmpty();
        }
      }
      assertThat(log.epochBlock(20)).contains(stored[20]);
      SyncResponse next = entry(21, log.entry(20).orElseThrow().block().hash());
      log.append(next.block(), next.certificate());
      assertThat(log.lastHeight()).isEqualTo(21);
    }
  }
}

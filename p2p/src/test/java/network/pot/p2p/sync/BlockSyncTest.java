package network.pot.p2p.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import network.pot.p2p.Await;
import network.pot.p2p.P2pNode;
import network.pot.p2p.TestNet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Block sync between real nodes on loopback. */
@Timeout(90)
class BlockSyncTest {
  private static final long SEED = 20;
  private final List<BlockSync> syncs = new ArrayList<>();

  @AfterEach
  void closeSyncs() {
    syncs.forEach(BlockSync::close);
  }

  private P2pNode add(TestNet net, BlockSource source, BlockSink sink) throws Exception {
    return net.add(c -> c, n -> syncs.add(new BlockSync(n, source, sink, 64, 8)));
  }

  @Test
  void aNewNodeCatchesUpFromSeveralPeers() throws Exception {
    HashChain full = HashChain.generate(SEED, 3_000, 512);
    HashChain[] servers = {full.prefix(3_000), full.prefix(3_000), full.prefix(3_000)};
    HashChain fresh = new HashChain();
    try (TestNet net = new TestNet(SEED)) {
      for (HashChain s : servers) {
        add(net, s, s);
      }
      add(net, fresh, fresh);
      for (int i = 0; i < servers.length; i++) {
        net.connect(3, i);
      }
      Await.until("fresh node at height 3000", () -> fresh.height() == 3_000);
      assertThat(fresh.headHash()).isEqualTo(full.headHash());
      int helping = 0;
      for (HashChain s : servers) {
        helping += s.served.get() > 0 ? 1 : 0;
      }
      assertThat(helping).as("ranges spread over the peers").isGreaterThan(1);
    }
  }

  @Test
  void aRestartedNodeContinuesFromItsHeightAndFollowsNewBlocks() throws Exception {
    HashChain full = HashChain.generate(SEED + 1, 1_500, 256);
    HashChain server = full.prefix(1_000);
    HashChain restarted = full.prefix(400);
    try (TestNet net = new TestNet(SEED + 1)) {
      add(net, server, server);
      add(net, restarted, restarted);
      net.connect(1, 0);
      Await.until("restarted node at 1000", () -> restarted.height() == 1_000);
      assertThat(server.served.get()).as("only the missing blocks were sent").isLessThan(1_000);
      // the server's chain grows; it announces, the follower fetches the new blocks
      for (int h = 1_001; h <= 1_500; h++) {
        server.importBlock(h, full.block(h).orElseThrow());
      }
      syncs.get(0).announce();
      Await.until("follower at 1500", () -> restarted.height() == 1_500);
      assertThat(restarted.headHash()).isEqualTo(full.headHash());
    }
  }

  @Test
  void aPeerServingInvalidBlocksIsPenalizedAndTheChainStillSyncs() throws Exception {
    HashChain full = HashChain.generate(SEED + 2, 1_000, 256);
    HashChain liar = full.prefix(1_000);
    for (long h = 1; h <= 1_000; h += 7) {
      liar.corrupt.put(h, true); // every 7th block it serves has a flipped bit
    }
    HashChain honest = full.prefix(1_000);
    HashChain fresh = new HashChain();
    try (TestNet net = new TestNet(SEED + 2)) {
      add(net, liar, liar);
      add(net, honest, honest);
      P2pNode freshNode = add(net, fresh, HashChain.checkedAgainst(full, fresh));
      net.connect(2, 0);
      net.connect(2, 1);
      Await.until("fresh node at 1000", () -> fresh.height() == 1_000);
      assertThat(fresh.headHash()).isEqualTo(full.headHash());
      assertThat(freshNode.isBanned(net.node(0).id())).isTrue();
      assertThat(freshNode.isBanned(net.node(1).id())).isFalse();
    }
  }

  @Test
  void whenAServingPeerDiesMidSyncItsRangesMoveToAnother() throws Exception {
    HashChain full = HashChain.generate(SEED + 3, 2_000, 256);
    CountDownLatch never = new CountDownLatch(1);
    HashChain stalling = full.prefix(2_000);
    // serves the first 512 blocks (8 whole ranges of 64), then hangs on every request until its
    // node is closed
    BlockSource hanging =
        new BlockSource() {
          @Override
          public long height() {
            return stalling.height();
          }

          @Override
          public Optional<byte[]> block(long height) {
            if (height > 512) {
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
              }
            }
            return stalling.block(height);
          }
        };
    HashChain other = full.prefix(2_000);
    HashChain fresh = new HashChain();
    try (TestNet net = new TestNet(SEED + 3)) {
      add(net, hanging, stalling);
      add(net, other, other);
      add(net, fresh, fresh);
      net.connect(2, 0);
      net.connect(2, 1);
      Await.until("stalled behind the hanging peer", () -> fresh.height() >= 512);
      assertThat(fresh.height()).isLessThan(2_000);
      net.node(0).close();
      Await.until("fresh node at 2000", () -> fresh.height() == 2_000);
      assertThat(fresh.headHash()).isEqualTo(full.headHash());
    }
  }
}

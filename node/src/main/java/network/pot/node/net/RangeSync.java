package network.pot.node.net;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import network.pot.base.codec.DecodeException;
import network.pot.consensus.ConsensusMessage;
import network.pot.consensus.ConsensusNode;
import network.pot.consensus.MessageCodec;
import network.pot.consensus.SyncResponse;
import network.pot.consensus.runtime.ConsensusService;
import network.pot.node.ledger.NodeBlockStore;
import network.pot.p2p.P2pNode;
import network.pot.p2p.sync.BlockSink;
import network.pot.p2p.sync.BlockSource;
import network.pot.p2p.sync.BlockSync;

/**
 * Catch-up by ranges: the p2p layer's {@link BlockSync} serves this node's finalized blocks (with
 * their certificates, as the consensus log stores them) and downloads the ones it lacks from
 * several peers at once. Each downloaded block goes to consensus on its thread, which commits it
 * only if it is the next height, its certificate is a quorum of that height's validators and the
 * ledger accepts it; a block that fails penalizes the peer that served it.
 *
 * <p>Consensus' own one-block sync stays as the fallback for the last block or two; this path is
 * what makes a node that was down for many blocks catch up at the speed it can check them.
 */
public final class RangeSync implements AutoCloseable {
  /** Blocks per request. */
  public static final int BATCH = 16;

  /** Requests in flight at once. */
  public static final int WINDOW = 4;

  private final int maxPayloadBytes;
  private final CompletableFuture<ConsensusService> consensus = new CompletableFuture<>();
  private final BlockSync sync;
  private final AtomicLong imported = new AtomicLong();

  /** Registers the sync protocols on {@code p2p}; call before it starts. */
  public RangeSync(P2pNode p2p, NodeBlockStore blocks, int maxPayloadBytes) {
    this.maxPayloadBytes = maxPayloadBytes;
    BlockSource source =
        new BlockSource() {
          @Override
          public long height() {
            return blocks.lastHeight();
          }

          @Override
          public Optional<byte[]> block(long height) {
            return blocks.raw(height);
          }
        };
    BlockSink sink =
        new BlockSink() {
          @Override
          public long height() {
            return blocks.lastHeight();
          }

          @Override
          public ImportResult importBlock(long height, byte[] block) {
            return RangeSync.this.importBlock(height, block);
          }
        };
    this.sync = new BlockSync(p2p, source, sink, BATCH, WINDOW);
  }

  /** Hands over the running consensus; blocks arriving before then wait for it. */
  public void attach(ConsensusService service) {
    consensus.complete(service);
  }

  /** Tells peers this node's height (after each commit). */
  public void announce() {
    sync.announce();
  }

  private BlockSink.ImportResult importBlock(long height, byte[] bytes) {
    SyncResponse s;
    try {
      ConsensusMessage m = MessageCodec.decode(bytes, maxPayloadBytes);
      if (!(m instanceof SyncResponse r) || r.block().height() != height) {
        return BlockSink.ImportResult.INVALID;
      }
      s = r;
    } catch (DecodeException e) {
      return BlockSink.ImportResult.INVALID;
    }
    try {
      ConsensusService service = consensus.get(60, TimeUnit.SECONDS);
      CompletableFuture<ConsensusNode.SyncImport> done = new CompletableFuture<>();
      service.inspect(n -> done.complete(n.importSynced(s)));
      ConsensusNode.SyncImport r = done.get(60, TimeUnit.SECONDS);
      return switch (r) {
        case IMPORTED -> {
          imported.incrementAndGet();
          yield BlockSink.ImportResult.IMPORTED;
        }
        case BAD_CERTIFICATE, INVALID_BLOCK -> BlockSink.ImportResult.INVALID;
        // consensus got there first, or is not there yet: nothing is the peer's fault
        case ALREADY_HAVE, NOT_NEXT -> BlockSink.ImportResult.ALREADY_HAVE;
      };
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return BlockSink.ImportResult.ALREADY_HAVE;
    } catch (ExecutionException | TimeoutException e) {
      return BlockSink.ImportResult.ALREADY_HAVE;
    }
  }

  /** Blocks committed through this path since start. */
  public long imported() {
    return imported.get();
  }

  @Override
  public void close() {
    sync.close();
  }
}

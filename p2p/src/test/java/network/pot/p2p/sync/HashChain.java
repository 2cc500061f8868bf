package network.pot.p2p.sync;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Sha256;

/**
 * A chain of opaque blocks for sync tests: each block is the SHA-256 of its predecessor, its height
 * and a random payload, so the sink really verifies what it imports (a block from another chain or
 * with one flipped bit is refused).
 */
final class HashChain implements BlockSource, BlockSink {
  private static final byte[] GENESIS = Sha256.of("genesis".getBytes(UTF_8));

  private final List<byte[]> blocks = new ArrayList<>();

  /** Blocks served by height range requests, counted per served height. */
  final AtomicInteger served = new AtomicInteger();

  final ConcurrentHashMap<Long, Boolean> corrupt = new ConcurrentHashMap<>();

  /** Builds {@code n} blocks with payloads drawn from {@code seed}. */
  static HashChain generate(long seed, int n, int payloadBytes) {
    HashChain c = new HashChain();
    SplittableRandom r = new SplittableRandom(seed);
    for (int h = 1; h <= n; h++) {
      byte[] payload = new byte[payloadBytes];
      for (int i = 0; i < payload.length; i++) {
        payload[i] = (byte) r.nextInt();
      }
      byte[] block =
          new Writer(32 + 8 + payloadBytes).raw(c.headHash()).u64(h).raw(payload).toByteArray();
      c.blocks.add(block);
    }
    return c;
  }

  /** A copy holding the first {@code n} blocks (a node that stopped at height n). */
  HashChain prefix(int n) {
    HashChain c = new HashChain();
    c.blocks.addAll(blocks.subList(0, n));
    return c;
  }

  synchronized byte[] headHash() {
    return blocks.isEmpty() ? GENESIS : Sha256.of(blocks.get(blocks.size() - 1));
  }

  @Override
  public synchronized long height() {
    return blocks.size();
  }

  @Override
  public synchronized Optional<byte[]> block(long height) {
    if (height < 1 || height > blocks.size()) {
      return Optional.empty();
    }
    served.incrementAndGet();
    byte[] b = blocks.get((int) height - 1).clone();
    if (corrupt.containsKey(height)) {
      b[b.length - 1] ^= 1;
    }
    return Optional.of(b);
  }

  @Override
  public synchronized ImportResult importBlock(long height, byte[] block) {
    if (height <= blocks.size()) {
      return ImportResult.ALREADY_HAVE;
    }
    if (height != blocks.size() + 1 || block.length < 40) {
      return ImportResult.INVALID;
    }
    try {
      Reader in = new Reader(block);
      if (!Arrays.equals(in.raw(32), headHash()) || in.u64() != height) {
        return ImportResult.INVALID;
      }
    } catch (DecodeException e) {
      return ImportResult.INVALID;
    }
    blocks.add(block.clone());
    return ImportResult.IMPORTED;
  }

  /** A verifier that also checks the block against a known-good copy (catches payload edits). */
  static BlockSink checkedAgainst(HashChain good, HashChain into) {
    return new BlockSink() {
      @Override
      public long height() {
        return into.height();
      }

      @Override
      public ImportResult importBlock(long height, byte[] block) {
        Optional<byte[]> expected =
            good.blocks.size() >= height
                ? Optional.of(good.blocks.get((int) height - 1))
                : Optional.empty();
        if (expected.isEmpty() || !Arrays.equals(expected.get(), block)) {
          return ImportResult.INVALID;
        }
        return into.importBlock(height, block);
      }
    };
  }
}

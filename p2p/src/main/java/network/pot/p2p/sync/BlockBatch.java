package network.pot.p2p.sync;

import java.util.ArrayList;
import java.util.List;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.p2p.wire.MalformedMessageException;

/**
 * Wire forms of the sync protocol: a range request (u64 first height, u32 count) and a batch of
 * consecutive blocks (u32 count, then each block with a u32 length).
 */
public final class BlockBatch {
  private static final int REQUEST_BYTES = 8 + 4;

  private BlockBatch() {}

  public static byte[] encodeRequest(long from, int count) {
    return new Writer(REQUEST_BYTES).u64(from).u32(count).toByteArray();
  }

  /** A request as {from, count}; malformed if the size or values are wrong. */
  public static long[] decodeRequest(byte[] body) throws MalformedMessageException {
    if (body.length != REQUEST_BYTES) {
      throw new MalformedMessageException("sync request must be 12 bytes");
    }
    long from;
    int count;
    try {
      Reader in = new Reader(body);
      from = in.u64();
      count = in.u32();
    } catch (DecodeException e) {
      throw new MalformedMessageException("sync request out of range");
    }
    if (from < 1 || count < 1) {
      throw new MalformedMessageException("sync request out of range");
    }
    return new long[] {from, count};
  }

  public static byte[] encodeBlocks(List<byte[]> blocks) {
    int size = 4;
    for (byte[] b : blocks) {
      size += 4 + b.length;
    }
    return new Writer(size).list(blocks, (w, b) -> w.bytes(Bytes.wrap(b))).toByteArray();
  }

  public static List<byte[]> decodeBlocks(byte[] body, int maxCount)
      throws MalformedMessageException {
    try {
      Reader in = new Reader(body);
      int n = in.u32();
      if (n < 1 || n > maxCount) {
        throw new MalformedMessageException("block batch of " + n + " blocks, asked " + maxCount);
      }
      List<byte[]> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(in.bytes(in.remaining()).unsafeArray());
      }
      in.end();
      return out;
    } catch (DecodeException e) {
      throw new MalformedMessageException("malformed block batch: " + e.getMessage());
    }
  }
}

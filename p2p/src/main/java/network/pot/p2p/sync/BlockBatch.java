package network.pot.p2p.sync;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import network.pot.p2p.wire.MalformedMessageException;

/** Wire forms of the sync protocol: a range request and a batch of consecutive blocks. */
final class BlockBatch {
  private BlockBatch() {}

  static byte[] encodeRequest(long from, int count) {
    return ByteBuffer.allocate(12).putLong(from).putInt(count).array();
  }

  /** A request as {from, count}; malformed if the size or values are wrong. */
  static long[] decodeRequest(byte[] body) throws MalformedMessageException {
    if (body.length != 12) {
      throw new MalformedMessageException("sync request must be 12 bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(body);
    long from = in.getLong();
    int count = in.getInt();
    if (from < 1 || count < 1) {
      throw new MalformedMessageException("sync request out of range");
    }
    return new long[] {from, count};
  }

  static byte[] encodeBlocks(List<byte[]> blocks) {
    int size = 4;
    for (byte[] b : blocks) {
      size += 4 + b.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).putInt(blocks.size());
    blocks.forEach(b -> out.putInt(b.length).put(b));
    return out.array();
  }

  static List<byte[]> decodeBlocks(byte[] body, int maxCount) throws MalformedMessageException {
    try {
      ByteBuffer in = ByteBuffer.wrap(body);
      int n = in.getInt();
      if (n < 1 || n > maxCount) {
        throw new MalformedMessageException("block batch of " + n + " blocks, asked " + maxCount);
      }
      List<byte[]> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int len = in.getInt();
        if (len < 0 || len > in.remaining()) {
          throw new MalformedMessageException("block length out of range");
        }
        byte[] b = new byte[len];
        in.get(b);
        out.add(b);
      }
      if (in.hasRemaining()) {
        throw new MalformedMessageException("trailing bytes after block batch");
      }
      return out;
    } catch (BufferUnderflowException e) {
      throw new MalformedMessageException("truncated block batch");
    }
  }
}

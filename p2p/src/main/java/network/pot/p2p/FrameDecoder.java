package network.pot.p2p;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits a connection's bytes into frames: a 4-byte big-endian length, then that many bytes. Until
 * the handshake has authenticated the peer, a frame may hold at most {@code preAuthLimit} bytes
 * (room for a hello or an auth frame); {@link #authenticated()} raises the limit to the configured
 * frame size. A length prefix over the limit fails at once, from the prefix alone: nothing of the
 * announced frame is awaited or buffered, every later byte is dropped, and the {@link
 * TooLongFrameException} closes the connection. Runs on the connection's event loop only.
 */
final class FrameDecoder extends ByteToMessageDecoder {
  private static final int PREFIX_BYTES = 4;

  private final int maxFrameBytes;
  private int limit;
  private boolean failed;

  FrameDecoder(int preAuthLimit, int maxFrameBytes) {
    this.limit = Math.min(preAuthLimit, maxFrameBytes);
    this.maxFrameBytes = maxFrameBytes;
  }

  /** The peer proved its key: from the next frame on, frames up to the configured size pass. */
  void authenticated() {
    limit = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws TooLongFrameException {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < PREFIX_BYTES) {
      return;
    }
    long length = in.getUnsignedInt(in.readerIndex());
    if (length > limit) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw new TooLongFrameException(
          "frame of " + length + " bytes announced, the limit is " + limit);
    }
    if (in.readableBytes() < PREFIX_BYTES + length) {
      return;
    }
    in.skipBytes(PREFIX_BYTES);
    out.add(in.readRetainedSlice((int) length));
  }
}

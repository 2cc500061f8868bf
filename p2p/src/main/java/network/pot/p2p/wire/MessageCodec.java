package network.pot.p2p.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Binary encoding of {@link Message}: a type byte, fixed big-endian header fields, then the opaque
 * body running to the end of the frame (the frame length delimits it).
 */
public final class MessageCodec {
  private static final byte GOSSIP = 1;
  private static final byte DIRECT = 2;
  private static final byte REQUEST = 3;
  private static final byte RESPONSE = 4;

  private MessageCodec() {}

  public static byte[] encode(Message m) {
    if (m instanceof Message.Gossip g) {
      return put(1 + 2, g.payload()).put(GOSSIP).putShort(u16(g.topic())).array();
    } else if (m instanceof Message.Direct d) {
      return put(1 + 2, d.body()).put(DIRECT).putShort(u16(d.protocol())).array();
    } else if (m instanceof Message.Request r) {
      return put(1 + 8 + 2, r.body())
          .put(REQUEST)
          .putLong(r.id())
          .putShort(u16(r.protocol()))
          .array();
    }
    Message.Response r = (Message.Response) m;
    return put(1 + 8 + 1, r.body())
        .put(RESPONSE)
        .putLong(r.id())
        .put((byte) r.status().ordinal())
        .array();
  }

  public static Message decode(byte[] frame) throws MalformedMessageException {
    try {
      ByteBuffer in = ByteBuffer.wrap(frame);
      byte type = in.get();
      return switch (type) {
        case GOSSIP -> new Message.Gossip(Short.toUnsignedInt(in.getShort()), rest(in));
        case DIRECT -> new Message.Direct(Short.toUnsignedInt(in.getShort()), rest(in));
        case REQUEST ->
            new Message.Request(in.getLong(), Short.toUnsignedInt(in.getShort()), rest(in));
        case RESPONSE -> {
          long id = in.getLong();
          int status = Byte.toUnsignedInt(in.get());
          if (status >= Message.Status.values().length) {
            throw new MalformedMessageException("unknown response status " + status);
          }
          yield new Message.Response(id, Message.Status.values()[status], rest(in));
        }
        default -> throw new MalformedMessageException("unknown message type " + type);
      };
    } catch (BufferUnderflowException e) {
      throw new MalformedMessageException("truncated message");
    }
  }

  /** A buffer with room for the header, the body already placed after it. */
  private static ByteBuffer put(int header, byte[] body) {
    byte[] out = new byte[header + body.length];
    System.arraycopy(body, 0, out, header, body.length);
    return ByteBuffer.wrap(out);
  }

  private static short u16(int v) {
    if (v < 0 || v > 0xffff) {
      throw new IllegalArgumentException("topic/protocol must fit 16 bits: " + v);
    }
    return (short) v;
  }

  private static byte[] rest(ByteBuffer in) {
    return Arrays.copyOfRange(in.array(), in.position(), in.limit());
  }
}

package network.pot.p2p.wire;

import network.pot.base.codec.DecodeException;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;

/**
 * Binary encoding of {@link Message}: a type byte, fixed big-endian header fields, then the opaque
 * body running to the end of the frame (the frame length delimits it).
 */
public final class MessageCodec {
  private static final int GOSSIP = 1;
  private static final int DIRECT = 2;
  private static final int REQUEST = 3;
  private static final int RESPONSE = 4;

  private MessageCodec() {}

  public static byte[] encode(Message m) {
    if (m instanceof Message.Gossip g) {
      return header(1 + 2, g.payload())
          .u8(GOSSIP)
          .u16(u16(g.topic()))
          .raw(g.payload())
          .toByteArray();
    } else if (m instanceof Message.Direct d) {
      return header(1 + 2, d.body()).u8(DIRECT).u16(u16(d.protocol())).raw(d.body()).toByteArray();
    } else if (m instanceof Message.Request r) {
      return header(1 + 8 + 2, r.body())
          .u8(REQUEST)
          .u64(r.id())
          .u16(u16(r.protocol()))
          .raw(r.body())
          .toByteArray();
    }
    Message.Response r = (Message.Response) m;
    return header(1 + 8 + 1, r.body())
        .u8(RESPONSE)
        .u64(r.id())
        .u8(statusCode(r.status()))
        .raw(r.body())
        .toByteArray();
  }

  public static Message decode(byte[] frame) throws MalformedMessageException {
    try {
      Reader in = new Reader(frame);
      int type = in.u8();
      return switch (type) {
        case GOSSIP -> new Message.Gossip(in.u16(), rest(in));
        case DIRECT -> new Message.Direct(in.u16(), rest(in));
        case REQUEST -> new Message.Request(in.u64(), in.u16(), rest(in));
        case RESPONSE -> {
          long id = in.u64();
          Message.Status status = status(in.u8());
          yield new Message.Response(id, status, rest(in));
        }
        default -> throw new MalformedMessageException("unknown message type " + type);
      };
    } catch (DecodeException e) {
      throw new MalformedMessageException("truncated message");
    }
  }

  /** The wire code of a response status. */
  private static int statusCode(Message.Status s) {
    return switch (s) {
      case OK -> 0;
      case NOT_FOUND -> 1;
      case BAD_REQUEST -> 2;
    };
  }

  private static Message.Status status(int code) throws MalformedMessageException {
    return switch (code) {
      case 0 -> Message.Status.OK;
      case 1 -> Message.Status.NOT_FOUND;
      case 2 -> Message.Status.BAD_REQUEST;
      default -> throw new MalformedMessageException("unknown response status " + code);
    };
  }

  /** A writer sized for the header and the body. */
  private static Writer header(int header, byte[] body) {
    return new Writer(header + body.length);
  }

  private static int u16(int v) {
    if (v < 0 || v > 0xffff) {
      throw new IllegalArgumentException("topic/protocol must fit 16 bits: " + v);
    }
    return v;
  }

  private static byte[] rest(Reader in) throws DecodeException {
    return in.raw(in.remaining());
  }
}

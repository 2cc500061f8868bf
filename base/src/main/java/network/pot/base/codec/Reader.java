package network.pot.base.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import network.pot.base.bytes.Bytes;
import network.pot.base.codec.DecodeException.Reason;

/**
 * Reads a canonical encoding and refuses everything else: short input, oversize lengths, booleans
 * other than 0 and 1, negative amounts, malformed UTF-8, and (through {@link #end()}) trailing
 * bytes.
 */
public final class Reader {
  private final byte[] buf;
  private int pos;

  public Reader(byte[] buf) {
    this.buf = buf;
  }

  public Reader(Bytes bytes) {
    this(bytes.unsafeArray());
  }

  /** Reads one item of a list. */
  @FunctionalInterface
  public interface Item<T> {
    T read(Reader r) throws DecodeException;
  }

  private void need(int n) throws DecodeException {
    if (n < 0 || buf.length - pos < n) {
      throw new DecodeException(Reason.TRUNCATED, "need " + n + " bytes at offset " + pos);
    }
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return buf.length - pos;
  }

  public int u8() throws DecodeException {
    need(1);
    return buf[pos++] & 0xff;
  }

  public boolean bool() throws DecodeException {
    int v = u8();
    if (v > 1) {
      throw new DecodeException(Reason.NON_CANONICAL, "boolean byte " + v);
    }
    return v == 1;
  }

  public int u16() throws DecodeException {
    need(2);
    int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  /** An unsigned 32-bit value that must fit in a non-negative int. */
  public int u32() throws DecodeException {
    need(4);
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (buf[pos++] & 0xff);
    }
    if (v > Integer.MAX_VALUE) {
      throw new DecodeException(Reason.OVERSIZE, "u32 value " + v);
    }
    return (int) v;
  }

  /** A 64-bit value, any bit pattern. */
  public long u64() throws DecodeException {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xff);
    }
    return v;
  }

  /** A non-negative 64-bit quantity (amounts, heights, nonces). */
  public long amount() throws DecodeException {
    long v = u64();
    if (v < 0) {
      throw new DecodeException(Reason.INVALID_VALUE, "negative quantity");
    }
    return v;
  }

  /** A u16 in basis points: at most 10,000. */
  public int bps() throws DecodeException {
    int v = u16();
    if (v > 10_000) {
      throw new DecodeException(Reason.INVALID_VALUE, "basis points above 10000: " + v);
    }
    return v;
  }

  public byte[] raw(int n) throws DecodeException {
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  /** A u32 length (at most {@code max}) and that many bytes. */
  public Bytes bytes(int max) throws DecodeException {
    int n = u32();
    if (n > max) {
      throw new DecodeException(Reason.OVERSIZE, "length " + n + " above limit " + max);
    }
    return Bytes.wrap(raw(n));
  }

  /** UTF-8 text of at most {@code maxBytes} bytes. */
  public String string(int maxBytes) throws DecodeException {
    Bytes b = bytes(maxBytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b.unsafeArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException(Reason.INVALID_VALUE, "text is not valid UTF-8");
    }
  }

  /** A u32 count (at most {@code max}) and that many items. */
  public <T> List<T> list(int max, Item<T> item) throws DecodeException {
    int n = u32();
    if (n > max) {
      throw new DecodeException(Reason.OVERSIZE, "count " + n + " above limit " + max);
    }
    List<T> out = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      out.add(item.read(this));
    }
    return List.copyOf(out);
  }

  /** Requires that the whole input was consumed. */
  public void end() throws DecodeException {
    if (pos != buf.length) {
      throw new DecodeException(Reason.TRAILING_BYTES, (buf.length - pos) + " bytes left over");
    }
  }
}

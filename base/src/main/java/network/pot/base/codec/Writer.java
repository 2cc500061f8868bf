package network.pot.base.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import network.pot.base.bytes.Bytes;

/**
 * Builds a canonical encoding (see {@code docs/encoding.md}): big-endian fixed-width integers,
 * length-prefixed byte strings and lists, one byte for booleans and tags.
 */
public final class Writer {
  private byte[] buf;
  private int size;

  public Writer() {
    this(128);
  }

  public Writer(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  public Writer u8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  public Writer bool(boolean v) {
    return u8(v ? 1 : 0);
  }

  public Writer u16(int v) {
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public Writer u32(int v) {
    ensure(4);
    for (int s = 24; s >= 0; s -= 8) {
      buf[size++] = (byte) (v >>> s);
    }
    return this;
  }

  public Writer u64(long v) {
    ensure(8);
    for (int s = 56; s >= 0; s -= 8) {
      buf[size++] = (byte) (v >>> s);
    }
    return this;
  }

  /** Raw bytes with no length prefix (fixed-size fields: hashes, keys, signatures). */
  public Writer raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
    return this;
  }

  public Writer raw(Bytes b) {
    return raw(b.unsafeArray());
  }

  /** A u32 length followed by the bytes. */
  public Writer bytes(Bytes b) {
    u32(b.length());
    return raw(b);
  }

  /** UTF-8 with a u32 length prefix. */
  public Writer string(String s) {
    return bytes(Bytes.wrap(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** A u32 count followed by each item. */
  public <T> Writer list(List<T> items, BiConsumer<Writer, T> item) {
    u32(items.size());
    for (T t : items) {
      item.accept(this, t);
    }
    return this;
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  public Bytes toBytes() {
    return Bytes.wrap(toByteArray());
  }
}

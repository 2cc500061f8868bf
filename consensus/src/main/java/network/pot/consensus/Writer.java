package network.pot.consensus;

import java.util.Arrays;

/** Big-endian, length-prefixed binary writer for the canonical consensus encoding. */
final class Writer {
  private byte[] buf;
  private int size;

  Writer(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    int need = Math.addExact(size, extra);
    if (need > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
    }
  }

  Writer putByte(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  Writer putInt(int v) {
    ensure(4);
    for (int s = 24; s >= 0; s -= 8) {
      buf[size++] = (byte) (v >>> s);
    }
    return this;
  }

  Writer putLong(long v) {
    ensure(8);
    for (int s = 56; s >= 0; s -= 8) {
      buf[size++] = (byte) (v >>> s);
    }
    return this;
  }

  Writer putRaw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
    return this;
  }

  /** Length (int) then the bytes. */
  Writer putBytes(byte[] b) {
    return putInt(b.length).putRaw(b);
  }

  Writer putHash(Hash h) {
    return putRaw(h.toBytes());
  }

  byte[] toBytes() {
    return Arrays.copyOf(buf, size);
  }
}

package network.pot.consensus;

/**
 * Reads the canonical encoding, checking every length against what remains; any inconsistency is a
 * {@link MalformedException} (input from the network is untrusted).
 */
final class Reader {
  private final byte[] buf;
  private int pos;

  Reader(byte[] buf) {
    this.buf = buf;
  }

  private void need(int n) throws MalformedException {
    if (n < 0 || buf.length - pos < n) {
      throw new MalformedException("truncated at byte " + pos);
    }
  }

  int getByte() throws MalformedException {
    need(1);
    return buf[pos++] & 0xff;
  }

  int getInt() throws MalformedException {
    need(4);
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (buf[pos++] & 0xff);
    }
    return v;
  }

  long getLong() throws MalformedException {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xff);
    }
    return v;
  }

  byte[] getRaw(int n) throws MalformedException {
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  byte[] getBytes(int maxLength) throws MalformedException {
    int n = getInt();
    if (n < 0 || n > maxLength) {
      throw new MalformedException("length " + n + " out of range");
    }
    return getRaw(n);
  }

  Hash getHash() throws MalformedException {
    return Hash.wrap(getRaw(Hash.LENGTH));
  }

  Hash getOptionalHash() throws MalformedException {
    int flag = getByte();
    if (flag == 0) {
      return null;
    }
    if (flag != 1) {
      throw new MalformedException("bad optional flag " + flag);
    }
    return getHash();
  }

  void expectEnd() throws MalformedException {
    if (pos != buf.length) {
      throw new MalformedException((buf.length - pos) + " trailing bytes");
    }
  }
}

package network.pot.chain.crypto;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * The bech32 string format of BIP-173: a human-readable part, the separator {@code 1}, base-32 data
 * and a six-character BCH checksum that detects any error in up to four characters.
 */
public final class Bech32 {
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GENERATOR = {
    0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3
  };

  /** A decoded bech32 string: its human-readable part and its payload bytes. */
  public static final class Decoded {
    private final String hrp;
    private final byte[] data;

    public Decoded(String hrp, byte[] data) {
      this.hrp = hrp;
      this.data = data.clone();
    }

    /** The human-readable part, lower case. */
    public String hrp() {
      return hrp;
    }

    /** The payload bytes (a copy). */
    public byte[] data() {
      return data.clone();
    }
  }

  private Bech32() {}

  private static int polymod(byte[] values) {
    int chk = 1;
    for (byte v : values) {
      int top = chk >>> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ v;
      for (int i = 0; i < 5; i++) {
        if (((top >>> i) & 1) == 1) {
          chk ^= GENERATOR[i];
        }
      }
    }
    return chk;
  }

  private static byte[] expandHrp(String hrp) {
    int n = hrp.length();
    byte[] out = new byte[2 * n + 1];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) (hrp.charAt(i) >>> 5);
      out[n + 1 + i] = (byte) (hrp.charAt(i) & 31);
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Encodes bytes under the given lower-case human-readable part. */
  public static String encode(String hrp, byte[] payload) {
    byte[] data = convertBits(payload, 8, 5, true);
    byte[] values = concat(expandHrp(hrp), data);
    int mod = polymod(concat(values, new byte[6])) ^ 1;
    StringBuilder sb = new StringBuilder(hrp.length() + 1 + data.length + 6);
    sb.append(hrp).append('1');
    for (byte d : data) {
      sb.append(CHARSET.charAt(d));
    }
    for (int i = 0; i < 6; i++) {
      sb.append(CHARSET.charAt((mod >>> (5 * (5 - i))) & 31));
    }
    return sb.toString();
  }

  /**
   * Decodes and checks a bech32 string.
   *
   * @throws IllegalArgumentException on mixed case, a bad character, a bad length or checksum
   */
  public static Decoded decode(String text) {
    if (text.length() < 8 || text.length() > 90) {
      throw new IllegalArgumentException("bech32 string has a bad length");
    }
    boolean lower = false;
    boolean upper = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 33 || c > 126) {
        throw new IllegalArgumentException("bech32 string has a non-printable character");
      }
      lower |= Character.isLowerCase(c);
      upper |= Character.isUpperCase(c);
    }
    if (lower && upper) {
      throw new IllegalArgumentException("bech32 string mixes upper and lower case");
    }
    String s = text.toLowerCase(Locale.ROOT);
    int sep = s.lastIndexOf('1');
    if (sep < 1 || sep + 7 > s.length()) {
      throw new IllegalArgumentException("bech32 separator misplaced");
    }
    String hrp = s.substring(0, sep);
    byte[] data = new byte[s.length() - sep - 1];
    for (int i = 0; i < data.length; i++) {
      int v = CHARSET.indexOf(s.charAt(sep + 1 + i));
      if (v < 0) {
        throw new IllegalArgumentException("bech32 string has an invalid character");
      }
      data[i] = (byte) v;
    }
    if (polymod(concat(expandHrp(hrp), data)) != 1) {
      throw new IllegalArgumentException("bech32 checksum mismatch");
    }
    byte[] body = new byte[data.length - 6];
    System.arraycopy(data, 0, body, 0, body.length);
    return new Decoded(hrp, convertBits(body, 5, 8, false));
  }

  /** Regroups bits (8 to 5 with padding to encode, 5 to 8 strictly to decode). */
  static byte[] convertBits(byte[] in, int from, int to, boolean pad) {
    int acc = 0;
    int bits = 0;
    int maxv = (1 << to) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : in) {
      int v = b & 0xff;
      if ((v >>> from) != 0) {
        throw new IllegalArgumentException("bech32 value out of range");
      }
      acc = (acc << from) | v;
      bits += from;
      while (bits >= to) {
        bits -= to;
        out.write((acc >>> bits) & maxv);
      }
    }
    if (pad) {
      if (bits > 0) {
        out.write((acc << (to - bits)) & maxv);
      }
    } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
      throw new IllegalArgumentException("bech32 data has non-zero padding");
    }
    return out.toByteArray();
  }
}

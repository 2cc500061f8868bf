package network.pot.base.bytes;

/** Lower-case hexadecimal, the form every hash, key and encoding takes in JSON and logs. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** Encodes bytes as lower-case hex. */
  public static String encode(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * Decodes hex (either case, optional {@code 0x} prefix, surrounding whitespace ignored).
   *
   * @throws IllegalArgumentException on odd length or a non-hex character
   */
  public static byte[] decode(String text) {
    String s = text.strip();
    if (s.startsWith("0x") || s.startsWith("0X")) {
      s = s.substring(2);
    }
    if (s.length() % 2 != 0) {
      throw new IllegalArgumentException("hex has an odd number of digits");
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(s.charAt(2 * i), 16);
      int lo = Character.digit(s.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException("not a hex digit at position " + (2 * i));
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /**
   * Decodes hex input a person typed or a peer sent, requiring a length: {@code what} names the
   * value in the error, and {@code length} is the required byte length, or -1 for any non-empty
   * value.
   *
   * @throws IllegalArgumentException naming {@code what} when the text is not such hex
   */
  public static byte[] decode(String text, int length, String what) {
    byte[] b;
    try {
      b = decode(text == null ? "" : text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not hex: '" + abbreviate(text) + "'");
    }
    if (b.length == 0 || (length >= 0 && b.length != length)) {
      throw new IllegalArgumentException(
          what
              + " must be "
              + (length >= 0 ? length + " bytes (" + 2 * length + " hex digits)" : "non-empty")
              + ", got "
              + b.length
              + " bytes");
    }
    return b;
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  /** Lower-case hex of {@code length} bytes of {@code bytes} from {@code offset}. */
  public static String encode(byte[] bytes, int offset, int length) {
    char[] out = new char[length * 2];
    for (int i = 0; i < length; i++) {
      byte b = bytes[offset + i];
      out[2 * i] = DIGITS[(b >> 4) & 0xf];
      out[2 * i + 1] = DIGITS[b & 0xf];
    }
    return new String(out);
  }
}
